package org.rational4j.cli;

import java.io.PrintWriter;
import org.rational4j.internal.Backends;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeLocator;
import org.rational4j.internal.NativeTiers;

/** The native library's state for {@code info}: platform, path, tiers. */
final class NativeInfo {
    private NativeInfo() {
    }

    static void describe(PrintWriter w) {
        String platform;
        try {
            platform = NativeLocator.platform();
        } catch (RuntimeException e) {
            platform = "unsupported (" + e.getMessage() + ")";
        }
        w.println("platform   " + platform);
        // Loading a native backend loads the library (if there is one).
        boolean any = Backends.isAvailable("ffm") | Backends.isAvailable("jna");
        NativeLibrary.Location where = NativeLibrary.loadedLocation();
        if (!any || where == null) {
            String reason;
            try {
                NativeLibrary.locate("native");
                reason = "found but no binding could open it (see the ffm and jna backends below)";
            } catch (RuntimeException e) {
                reason = e.getMessage();
            }
            w.println("native     not loaded: " + reason);
            return;
        }
        w.println("library    " + where.path + "  (" + where.source + ")");
        try {
            String active = NativeTiers.activeIsa();
            String cpu = NativeTiers.cpuIsa();
            String cap = System.getenv("RATIONAL4J_MAX_ISA");
            w.println("tier       " + active + " (best this CPU and OS support: " + cpu
                    + (cap != null ? "; capped by RATIONAL4J_MAX_ISA=" + cap : "") + ")");
        } catch (RuntimeException e) {
            w.println("tier       unknown: " + e.getMessage());
        }
    }
}
