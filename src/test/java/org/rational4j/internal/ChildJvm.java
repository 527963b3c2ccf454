package org.rational4j.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a new JVM of the same java command. */
public final class ChildJvm {
    /** Exit status and the merged stdout and stderr. */
    public static final class Result {
        public final int status;
        public final String output;

        Result(int status, String output) {
            this.status = status;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + status + ":\n" + output;
        }
    }

    private ChildJvm() {
    }

    /** The java command of this JVM: as the OS reports it, else {@code java.home}'s {@code bin/java}. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static Process start(List<String> jvmArgs, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    public static Result run(List<String> jvmArgs, Class<?> main, String... args) throws Exception {
        Process p = start(jvmArgs, main, args);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmdOf(jvmArgs, main));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String cmdOf(List<String> jvmArgs, Class<?> main) {
        return jvmArgs + " " + main.getName();
    }
}
