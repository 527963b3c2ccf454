package org.rational4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.internal.ChildJvm;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeExtractor;

/**
 * Issue 10, point 11: a bad {@code -Drational4j.library.path} reads as one clear line naming the
 * property, exit code 2, not "unexpected error" (child JVMs: the library is located once per JVM).
 */
class LibraryPathTest {
    @TempDir
    Path dir;

    private ChildJvm.Result info(Path library) throws Exception {
        List<String> jvm = new ArrayList<>();
        if (Runtime.version().feature() >= 22) {
            jvm.add("--enable-native-access=ALL-UNNAMED");
        }
        jvm.add("-D" + NativeLibrary.PATH_PROPERTY + "=" + library);
        jvm.add("-D" + NativeExtractor.CACHE_PROPERTY + "=" + dir.resolve("cache"));
        return ChildJvm.run(jvm, Main.class, "info");
    }

    private static void assertOneClearLine(ChildJvm.Result r, Path library) {
        assertEquals(ExitCode.USAGE, r.status, r.toString());
        // the JVM's own warnings (native access, dlopen of a bogus file) may come before it
        String[] lines = r.output.lines().filter(l -> l.startsWith("rational4j")).toArray(String[]::new);
        assertEquals(1, lines.length, r.toString());
        assertFalse(r.output.contains("\tat "), r.toString());
        assertTrue(lines[0].startsWith("rational4j info: cannot use the native library: "
                + NativeLibrary.PATH_PROPERTY + "=" + library), lines[0]);
        assertFalse(lines[0].contains("unexpected error"), lines[0]);
    }

    @Test
    void missingFile() throws Exception {
        Path missing = dir.resolve("no-such-librational4j.so");
        assertOneClearLine(info(missing), missing);
    }

    @Test
    void fileThatIsNoLibrary() throws Exception {
        Path bogus = Files.writeString(dir.resolve("librational4j.so"), "not a shared library\n");
        assertOneClearLine(info(bogus), bogus);
    }
}
