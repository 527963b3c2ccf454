package org.rational4j;

import java.util.ArrayList;
import java.util.List;

import org.rational4j.internal.Backends;

/** The backends tests run on: every one available in this JVM (the native ones once they land). */
final class TestBackends {
    private TestBackends() {
    }

    static List<String> available() {
        List<String> out = new ArrayList<>();
        for (Backends.Status s : Backends.survey()) {
            if (s.backend != null) {
                out.add(s.name);
            }
        }
        return out;
    }
}
