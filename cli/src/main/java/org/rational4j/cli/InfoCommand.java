package org.rational4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** What this JVM can run: backends, native library, CPU features, and how to get a better one. */
@Command(name = "info",
        description = {"Show the JVM, the native library, the CPU features and the backends: which one 'auto' "
            + "picks, and why.",
            "The native library is shown with its path and instruction-set tier; the flags that would enable a "
            + "better backend are listed last."})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Override
    public Integer call() {
        Main.initBackends();
        PrintWriter w = common.out();
        w.println("rational4j " + Main.version());
        w.println("JVM        " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + "), feature release " + Runtime.version().feature());
        w.println("java.home  " + System.getProperty("java.home"));
        w.println("OS         " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        w.println("CPU        " + cpuModel());
        w.println("features   " + cpuFeatures());
        NativeInfo.describe(w);
        w.println();
        w.println("Backends (fastest first on large tensors):");
        List<String> fixes = new ArrayList<>();
        Backend chosen = null;
        String chosenError = null;
        try {
            chosen = Backends.get(System.getProperty(Backends.PROPERTY, "auto"));
        } catch (RuntimeException e) {
            chosenError = e.getMessage();
        }
        // A backend is "better" when it would replace the best available one of its kind: native
        // (ffm, jna: large calls) or pure Java (vector, scalar: small calls).
        boolean nativeFound = false;
        boolean javaFound = false;
        for (Backends.Status s : Backends.survey()) {
            boolean isNativeKind = s.name.equals("ffm") || s.name.equals("jna");
            if (s.backend != null) {
                w.printf(Locale.ROOT, "  %-7s available    %s%n", s.name, s.backend.describe());
                if (isNativeKind) {
                    nativeFound = true;
                } else {
                    javaFound = true;
                }
            } else {
                String reason = s.problem.getMessage();
                String prefix = "backend '" + s.name + "' is not available: ";
                if (reason.startsWith(prefix)) {
                    reason = reason.substring(prefix.length());
                }
                w.printf(Locale.ROOT, "  %-7s unavailable  %s%n", s.name, reason);
                boolean better = isNativeKind ? !nativeFound : !javaFound;
                if (better && s.problem.fix() != null) {
                    fixes.add(s.name + (isNativeKind ? " (large calls): " : " (small calls): ") + s.problem.fix());
                }
            }
        }
        w.println("Device backends (device tensors only; auto never picks them):");
        for (String name : Backends.DEVICE_NAMES) {
            try {
                w.printf(Locale.ROOT, "  %-7s available    %s%n", name, Backends.get(name).describe());
            } catch (BackendUnavailableException e) {
                String reason = e.getMessage();
                String prefix = "backend '" + name + "' is not available: ";
                w.printf(Locale.ROOT, "  %-7s unavailable  %s%n", name,
                        reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
            }
        }
        w.println();
        String property = System.getProperty(Backends.PROPERTY);
        w.println("Chosen     " + (property == null ? "auto (default; set -D" + Backends.PROPERTY
                + "=ffm|jna|vector|scalar to force one)" : property + " (from -D" + Backends.PROPERTY + ")"));
        if (chosen != null) {
            w.println("           " + chosen.describe());
            w.println("why        " + why(chosen));
        } else {
            w.println("           not usable: " + chosenError);
        }
        if (fixes.isEmpty()) {
            w.println("better     none: the fastest backend is already available");
        } else {
            w.println("better     a faster backend is available with:");
            for (String f : new LinkedHashSet<>(fixes)) {
                w.println("             " + f);
            }
        }
        w.flush();
        return ExitCode.OK;
    }

    private static String why(Backend chosen) {
        if (!chosen.name().equals("auto")) {
            return "forced by -D" + Backends.PROPERTY;
        }
        String nativeName = null;
        String javaName = null;
        for (Backends.Status s : Backends.survey()) {
            if (s.backend == null) {
                continue;
            }
            if (s.backend.isNative() && nativeName == null) {
                nativeName = s.name;
            } else if (!s.backend.isNative() && javaName == null) {
                javaName = s.name;
            }
        }
        if (nativeName == null) {
            return "no native backend can run here, so every call runs in pure Java (" + javaName + ")";
        }
        return nativeName + " is the fastest available native binding; small calls stay in " + javaName
                + " where the native call overhead would dominate (same bits either way)";
    }

    static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    /** The SIMD-relevant CPU flags the OS reports (Linux /proc/cpuinfo), or a note. */
    static String cpuFeatures() {
        Set<String> interesting = new LinkedHashSet<>(List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
                "avx512bw", "avx512dq", "avx512vl", "avx512_fp16", "avx512_bf16", "asimd", "sve"));
        for (String line : cpuinfo()) {
            if (line.startsWith("flags") || line.startsWith("Features")) {
                Set<String> flags = new LinkedHashSet<>(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                List<String> seen = new ArrayList<>();
                for (String f : interesting) {
                    if (flags.contains(f)) {
                        seen.add(f);
                    }
                }
                return seen.isEmpty() ? "none of " + interesting : String.join(" ", seen)
                        + "  (from /proc/cpuinfo)";
            }
        }
        return "unknown (no /proc/cpuinfo; the native library reports its tier)";
    }

    private static List<String> cpuinfo() {
        try {
            Path p = Path.of("/proc/cpuinfo");
            if (Files.isReadable(p)) {
                List<String> lines = new ArrayList<>();
                for (String l : Files.readAllLines(p)) {
                    lines.add(l);
                    if (l.isEmpty() && !lines.isEmpty() && lines.size() > 5) {
                        break; // the first processor is enough
                    }
                }
                return lines;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return List.of();
    }
}
