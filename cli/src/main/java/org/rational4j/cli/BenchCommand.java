package org.rational4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.rational4j.Coefficients;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;
import org.rational4j.internal.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A quick side-by-side throughput table of the available backends, with memory copy as the yardstick. */
@Command(name = "bench", sortOptions = false,
        description = {"Measure the throughput of every available backend beside a memory copy (about 30 s).",
            "Forward and backward, f32, one thread, at a few sizes, beside the bandwidth of System.arraycopy of "
            + "the same bytes measured in the same run (the yardstick: a kernel at 1.0x copy is as fast as memory "
            + "allows).",
            "Each figure is the median of repetitions after a warm-up. For careful numbers use the JMH suite in "
            + "bench/ (see bench/README.md)."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--sizes", split = ",", paramLabel = "N", description = "Element counts, with K = 1024 and "
            + "M = 1024 * 1024 (default: ${DEFAULT-VALUE}).")
    List<String> sizes = new ArrayList<>(List.of("4K", "64K", "1M", "16M"));
    @Option(names = "--backends", split = ",", paramLabel = "NAME", description = "Backends to compare "
            + "(default: every available one of ffm, jna, vector, scalar).")
    List<String> backends;
    @Option(names = "--rational-version", paramLabel = "A|B|C|D|N", description = "Rational version A, B, C, D or N "
            + "(default: ${DEFAULT-VALUE}).")
    String version = "A";
    @Option(names = "--degrees", paramLabel = "M/N", description = "Numerator/denominator degrees "
            + "(default: ${DEFAULT-VALUE}).")
    String degrees = "5/4";
    @Option(names = "--reps", description = "Timed repetitions per cell; the median is reported "
            + "(default: ${DEFAULT-VALUE}).")
    int reps = 7;
    @Option(names = "--quick", description = "Sizes 4K and 64K, 3 repetitions (a smoke test).")
    boolean quick;
    @Option(names = "--png", paramLabel = "FILE", description = "Also draw throughput against size as a PNG.")
    Path png;

    /** Rows for tests and demo: size, pass, backend, seconds per call, GB/s, ratio to copy. */
    record Row(long size, String pass, String backend, double seconds, double gbPerSecond, double vsCopy) {
    }

    final List<Row> rows = new ArrayList<>();

    @Override
    public Integer call() {
        Main.initBackends();
        PrintWriter w = common.out();
        if (quick) {
            sizes = List.of("4K", "64K");
            reps = Math.min(reps, 3);
        }
        if (reps < 1) {
            throw CliException.usage("--reps must be at least 1, got " + reps);
        }
        long[] ns = new long[sizes.size()];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = parseSize(sizes.get(i));
        }
        int[] md = FitCommand.parseDegrees(degrees);
        Version v = FitCommand.parseVersion(version);
        RationalSpec rs = FitCommand.spec(v, md[0], md[1]);
        Coefficients c = benchCoefficients(rs);
        List<String> names = new ArrayList<>();
        List<RationalActivation> acts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> wanted = backends != null ? backends : Backends.NAMES;
        for (String name : wanted) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (!Backends.NAMES.contains(key)) {
                throw CliException.usage("--backends: unknown '" + name + "'; use some of " + String.join(", ",
                        Backends.NAMES));
            }
            try {
                acts.add(RationalActivation.builder(c).backend(key).threads(1).build());
                names.add(key);
            } catch (RuntimeException e) {
                if (backends != null) {
                    throw e;
                }
                skipped.add(key);
            }
        }
        w.printf(Locale.ROOT, "bench: %s, f32, one thread, median of %d after warm-up; %s, JDK %s, %d processors%n",
                rs, reps, InfoCommand.cpuModel(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        if (!skipped.isEmpty()) {
            w.println("       not available here: " + String.join(", ", skipped) + " ('rational4j info' says why)");
        }
        w.println("       bytes moved: copy and forward 8 per element (read x, write y), backward 12 (x, dy, dx);");
        w.println("       'vs copy' = the pass's GB/s over System.arraycopy's GB/s at the same size.");
        w.println();
        w.printf(Locale.ROOT, "%-12s %-9s %-10s %12s %10s %9s %8s%n", "size", "pass", "backend", "time/call",
                "Melem/s", "GB/s", "vs copy");
        long maxN = Arrays.stream(ns).max().orElse(0);
        if (maxN > Integer.MAX_VALUE - 16) {
            throw CliException.usage("sizes above " + (Integer.MAX_VALUE - 16) + " elements do not fit a Java array");
        }
        float[] x = new float[(int) maxN];
        float[] dy = new float[(int) maxN];
        float[] y = new float[(int) maxN];
        float[] dx = new float[(int) maxN];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < maxN; i++) {
            x[i] = (float) (6 * r.nextDouble() - 3);
            dy[i] = (float) (2 * r.nextDouble() - 1);
        }
        Gradients g = new Gradients(rs);
        // JIT warm-up of every backend before any timing: many small calls (the JIT compiles a
        // method after enough invocations), then a few large ones.
        for (RationalActivation act : acts) {
            warmUp(act, x, y, dy, dx, g, (int) Math.min(maxN, 1 << 16));
        }
        long cells = (long) ns.length * (1 + 2L * acts.size());
        try (Progress progress = Progress.start("bench", cells)) {
            for (long n : ns) {
                int len = (int) n;
                Shape shape = Shape.flat(n);
                double copy = measure(() -> System.arraycopy(x, 0, y, 0, len));
                double copyGb = 8.0 * n / copy / 1e9;
                report(w, n, "copy", "arraycopy", copy, 8, copyGb);
                progress.step();
                for (int b = 0; b < acts.size(); b++) {
                    RationalActivation act = acts.get(b);
                    double f = measure(() -> act.forward(x, 0, y, 0, shape));
                    report(w, n, "forward", names.get(b), f, 8, copyGb);
                    progress.step();
                    double bw = measure(() -> act.backward(x, 0, dy, 0, dx, 0, shape, g));
                    report(w, n, "backward", names.get(b), bw, 12, copyGb);
                    progress.step();
                }
            }
        }
        w.println();
        w.println("For careful numbers (forks, JIT control, more sizes and versions): the JMH suite in bench/.");
        if (png != null) {
            drawPng(png, ns, names);
            w.println("wrote " + png);
        }
        w.flush();
        return ExitCode.OK;
    }

    private void report(PrintWriter w, long n, String pass, String backend, double seconds, int bytesPerElement,
            double copyGb) {
        double gb = bytesPerElement * n / seconds / 1e9;
        double ratio = gb / copyGb;
        rows.add(new Row(n, pass, backend, seconds, gb, ratio));
        w.printf(Locale.ROOT, "%-12s %-9s %-10s %12s %10.1f %9.2f %7.2fx%n", sizeLabel(n), pass, backend,
                time(seconds), n / seconds / 1e6, gb, ratio);
        w.flush();
    }

    private void warmUp(RationalActivation act, float[] x, float[] y, float[] dy, float[] dx, Gradients g, int big) {
        int small = Math.min(big, 256);
        Shape s = Shape.flat(small);
        Shape b = Shape.flat(big);
        long deadline = System.nanoTime() + (quick ? 300_000_000L : 4_000_000_000L);
        for (int i = 0; i < 4000 && System.nanoTime() < deadline; i++) {
            Cancellation.check();
            act.forward(x, 0, y, 0, s);
            act.backward(x, 0, dy, 0, dx, 0, s, g);
            if (i % 100 == 0) {
                act.forward(x, 0, y, 0, b);
                act.backward(x, 0, dy, 0, dx, 0, b, g);
            }
        }
    }

    /** Median seconds per call after a warm-up; each timed repetition runs at least ~10 ms. */
    private double measure(Runnable op) {
        long t0 = System.nanoTime();
        int calls = 0;
        long warm = quick ? 20_000_000L : 150_000_000L;
        while (calls < 3 || System.nanoTime() - t0 < warm) {
            Cancellation.check();
            op.run();
            calls++;
            if (calls > 200_000) {
                break;
            }
        }
        double perCall = (double) (System.nanoTime() - t0) / calls;
        long target = quick ? 2_000_000L : 10_000_000L;
        int inner = (int) Math.max(1, Math.min(1_000_000, target / Math.max(1, perCall)));
        double[] samples = new double[reps];
        for (int rep = 0; rep < reps; rep++) {
            Cancellation.check();
            long s = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                op.run();
            }
            samples[rep] = (System.nanoTime() - s) / 1e9 / inner;
        }
        Arrays.sort(samples);
        return samples[reps / 2];
    }

    private static String time(double s) {
        if (s < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.1f us", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String sizeLabel(long n) {
        if (n % (1024 * 1024) == 0) {
            return (n / (1024 * 1024)) + "M";
        }
        if (n % 1024 == 0) {
            return (n / 1024) + "K";
        }
        return Long.toString(n);
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("K")) {
            mult = 1024;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("M")) {
            mult = 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t) * mult;
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage("--sizes: '" + text + "' is not a positive element count (like 4096, 64K, 1M)");
        }
    }

    /** Coefficients of a typical trained activation (PAU leaky-ReLU-like), for any degrees. */
    static Coefficients benchCoefficients(RationalSpec rs) {
        double[] a = new double[rs.numeratorLength()];
        double[] b = new double[rs.denominatorLength()];
        double[] a0 = {0.0298, 0.6184, 2.3233, 3.0520, 1.4854, 0.2510};
        double[] b0 = {1.1420, 4.3934, 0.8715, 0.3472};
        for (int i = 0; i < a.length; i++) {
            a[i] = i < a0.length ? a0[i] : 0.01;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = i < b0.length ? b0[i] : 0.01;
        }
        if (rs.version() == Version.C) {
            b[0] = 1.0;
        }
        return Coefficients.of(rs, a, b);
    }

    private void drawPng(Path path, long[] ns, List<String> names) {
        Charts.savePng(path, throughputChart(ns, names, rows));
    }

    /**
     * Throughput against size, both on log axes: the backends are often 10 to 100 times below copy,
     * which a linear axis squashes into one line at the bottom.
     */
    static XYChart throughputChart(long[] ns, List<String> names, List<Row> rows) {
        XYChart c = Charts.chart("Throughput (f32, one thread): forward solid, backward dashed", "elements (log)",
                "GB/s (log)", 900, 560);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setXAxisDecimalPattern(Charts.DECADES);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        double[] xs = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            xs[i] = ns[i];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Row row : rows) {
            String key = row.pass().equals("copy") ? "arraycopy" : row.backend() + " " + row.pass();
            double[] ys = series.computeIfAbsent(key, k -> new double[ns.length]);
            for (int i = 0; i < ns.length; i++) {
                if (ns[i] == row.size()) {
                    ys[i] = row.gbPerSecond();
                }
            }
        }
        Charts.line(c, "arraycopy", xs, series.get("arraycopy"), java.awt.Color.BLACK, false);
        for (int b = 0; b < names.size(); b++) {
            java.awt.Color color = Charts.PALETTE[b % Charts.PALETTE.length];
            Charts.line(c, names.get(b) + " forward", xs, series.get(names.get(b) + " forward"), color, false);
            Charts.line(c, names.get(b) + " backward", xs, series.get(names.get(b) + " backward"), color, true);
        }
        Charts.logYAxisByDecades(c, series.values().toArray(new double[0][]));
        return c;
    }
}
