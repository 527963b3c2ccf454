package org.rational4j.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;
import org.rational4j.internal.Backends;

/**
 * JMH JSON to {@code <out>.md} (tables, targets) and {@code <out>.png} (throughput against size,
 * forward and backward panels). Also checks, in this JVM, that two threads give the same bits as
 * one at 16M elements. Usage: {@code Report <results.json> <out-base> <mode> [notes-file]}.
 * Every figure is the median of the measurement iterations of one fork.
 */
public final class Report {
    static final String[] BACKENDS = {"ffm", "jna", "vector", "scalar", "auto"};
    static final String PKG = "org.rational4j.bench.";

    /** One JMH result: class simple name, method, params, median ns per call. */
    record Result(String bench, String method, Map<String, String> params, double ns, double minNs) {
        int size() {
            return Integer.parseInt(params.get("size"));
        }

        /** Elements per second: median iteration, or the fastest with {@code best}. */
        double eps(boolean best) {
            return size() / ((best ? minNs : ns) * 1e-9);
        }

        boolean is(String bench, String method, String... kv) {
            if (!this.bench.equals(bench) || !this.method.equals(method)) {
                return false;
            }
            for (int i = 0; i < kv.length; i += 2) {
                if (!kv[i + 1].equals(params.get(kv[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Result> results = new ArrayList<>();

    /** The results read so far (for WidthsReport). */
    List<Result> results() {
        return results;
    }
    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Report <results.json> <out-base> <mode> [notes-file]");
            System.exit(2);
        }
        Report r = new Report();
        r.read(Path.of(args[0]));
        String notes = args.length > 3 && Files.exists(Path.of(args[3]))
                ? Files.readString(Path.of(args[3])) : "";
        Path base = Path.of(args[1]);
        r.write(base, args[2], Path.of(args[0]), notes);
    }

    void read(Path json) throws IOException {
        JsonArray all = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        for (JsonElement e : all) {
            JsonObject o = e.getAsJsonObject();
            String full = o.get("benchmark").getAsString();
            String rest = full.startsWith(PKG) ? full.substring(PKG.length()) : full;
            int dot = rest.lastIndexOf('.');
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                    params.put(p.getKey(), p.getValue().getAsString());
                }
            }
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            String unit = pm.get("scoreUnit").getAsString();
            double scale = switch (unit) {
                case "ns/op" -> 1;
                case "us/op" -> 1e3;
                case "ms/op" -> 1e6;
                case "s/op" -> 1e9;
                default -> throw new IllegalArgumentException("unit " + unit + ": run with -bm avgt");
            };
            List<Double> raw = new ArrayList<>();
            for (JsonElement fork : pm.getAsJsonArray("rawData")) {
                for (JsonElement v : fork.getAsJsonArray()) {
                    raw.add(v.getAsDouble());
                }
            }
            double[] v = raw.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length == 0 ? pm.get("score").getAsDouble() : median(v);
            double min = v.length == 0 ? median : v[0];
            results.add(new Result(rest.substring(0, dot), rest.substring(dot + 1), params, median * scale,
                    min * scale));
        }
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Fastest iterations instead of medians (the second column of the targets table). */
    private boolean fastest;
    /** The fastest-iteration ratios of the targets, in table order (filled by a first pass). */
    private final List<Double> fastestRatios = new ArrayList<>();
    private int targetRow;

    /** Median (or fastest-iteration) elements/s of the one result that matches, or NaN. */
    double eps(String bench, String method, String... kv) {
        for (Result r : results) {
            if (r.is(bench, method, kv)) {
                return r.eps(fastest);
            }
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------ output

    void write(Path base, String mode, Path json, String notes) throws IOException {
        String name = base.getFileName().toString();
        md.append("# rational4j benchmarks: ").append(mode).append(" run\n\n");
        md.append("Generated by `bench/run.sh ").append(mode).append("` (org.rational4j.bench.Report) from `")
                .append(json.getFileName()).append("`; chart: `").append(name).append(".png`.\n");
        md.append("Figures are medians of the measurement iterations (JMH average time per call, one fork),"
                + " shown as million elements per second (Melem/s); ratios are between figures of this run.\n\n");
        md.append("## Machine\n\n");
        md.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores visible to the JVM\n");
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append('\n');
        md.append("- native: ").append(describe("ffm")).append('\n');
        md.append("- vector: ").append(describe("vector")).append('\n');
        if (!notes.isBlank()) {
            md.append(notes.strip()).append('\n');
        }
        md.append('\n');

        String bits = bitIdentity();
        targets(bits);
        mainTables();
        targeted();
        md.append("## Thread bit-identity check\n\n").append(bits).append('\n');
        Files.writeString(base.resolveSibling(name + ".md"), md.toString(), StandardCharsets.UTF_8);
        chart(base.resolveSibling(name + ".png"));
        System.out.println("wrote " + base.resolveSibling(name + ".md") + " and " + base.resolveSibling(name + ".png"));
    }

    private static String describe(String backend) {
        try {
            return Backends.get(backend).describe();
        } catch (RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    static final int[] SIZES = {16, 256, 4096, 65536, 1048576, 16777216};

    static String sizeName(int n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "M";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "K";
        }
        return Integer.toString(n);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private void mainTables() {
        for (String op : new String[] {"forward", "backward"}) {
            md.append("## Main sweep: ").append(op).append(" (f32, (5,4) A, one thread), Melem/s\n\n");
            md.append("ffm, vector, scalar, auto: heap float[]; jna: direct FloatBuffer. ");
            md.append(op.equals("forward")
                    ? "Yardsticks on the same heap arrays: memcpy (FFM critical downcall) and MemorySegment.copy"
                            + " of n floats (read x, write y).\n\n"
                    : "Yardstick: r4j_yardstick_mul_f32 through FFM (read x and dy, write dx).\n\n");
            List<String> cols = new ArrayList<>(Arrays.asList(BACKENDS));
            if (op.equals("forward")) {
                cols.add("memcpy");
                cols.add("segmentCopy");
            } else {
                cols.add("mulXDy");
            }
            md.append("| size |");
            for (String c : cols) {
                md.append(' ').append(c).append(" |");
            }
            md.append(" auto / best |\n|---:|");
            md.append("---:|".repeat(cols.size() + 1)).append('\n');
            for (int n : SIZES) {
                md.append("| ").append(sizeName(n)).append(" |");
                for (String c : cols) {
                    md.append(' ').append(fmt(value(c, op, n) / 1e6)).append(" |");
                }
                md.append(' ').append(ratio(value("auto", op, n) / best(op, n))).append(" |\n");
            }
            md.append('\n');
        }
    }

    double value(String column, String op, int n) {
        String s = Integer.toString(n);
        return switch (column) {
            case "memcpy", "segmentCopy", "mulXDy" -> eps("Yardsticks", column, "size", s);
            default -> eps("MainSweep", op, "backend", column, "size", s);
        };
    }

    /** Best single backend at n (ffm, jna, vector, scalar). */
    double best(String op, int n) {
        double b = Double.NaN;
        for (String be : new String[] {"ffm", "jna", "vector", "scalar"}) {
            double v = value(be, op, n);
            if (!Double.isNaN(v) && (Double.isNaN(b) || v > b)) {
                b = v;
            }
        }
        return b;
    }

    String bestName(String op, int n) {
        String name = "n/a";
        double b = Double.NaN;
        for (String be : new String[] {"ffm", "jna", "vector", "scalar"}) {
            double v = value(be, op, n);
            if (!Double.isNaN(v) && (Double.isNaN(b) || v > b)) {
                b = v;
                name = be;
            }
        }
        return name;
    }

    /** The targeted benchmarks: one table per class, all its parameter combinations. */
    private void targeted() {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("DTypes", "Data types (heap arrays, (5,4) A, one thread)");
        titles.put("Specs", "Degrees and versions (f32 heap, one thread)");
        titles.put("InputKinds", "Input kinds (f32, (5,4) A, one thread)");
        titles.put("Threads", "Threads (f32 heap, (5,4) A, parallel threshold 1M)");
        for (Map.Entry<String, String> t : titles.entrySet()) {
            List<Result> rs = results.stream().filter(r -> r.bench.equals(t.getKey())).toList();
            if (rs.isEmpty()) {
                continue;
            }
            List<String> keys = new ArrayList<>(rs.get(0).params.keySet());
            keys.remove("size");
            keys.add("size");
            md.append("## ").append(t.getValue()).append(", Melem/s\n\n|");
            for (String k : keys) {
                md.append(' ').append(k).append(" |");
            }
            md.append(" forward | backward |\n|");
            md.append("---|".repeat(keys.size())).append("---:|---:|\n");
            // one row per parameter combination, in the order JMH ran them
            TreeSet<String> seen = new TreeSet<>();
            for (Result r : rs) {
                List<String> kv = new ArrayList<>();
                for (String k : keys) {
                    kv.add(k);
                    kv.add(r.params.get(k));
                }
                String key = String.join("/", kv);
                if (!seen.add(key)) {
                    continue;
                }
                md.append('|');
                for (String k : keys) {
                    String v = r.params.get(k);
                    md.append(' ').append(k.equals("size") ? sizeName(Integer.parseInt(v)) : v).append(" |");
                }
                String[] a = kv.toArray(new String[0]);
                md.append(' ').append(fmt(eps(t.getKey(), "forward", a) / 1e6)).append(" | ")
                        .append(fmt(eps(t.getKey(), "backward", a) / 1e6)).append(" |\n");
            }
            md.append('\n');
        }
    }

    // ------------------------------------------------------------------ targets

    private void target(String what, double measured, double goal, String note) {
        if (fastest) {
            fastestRatios.add(measured);
            return;
        }
        String verdict = Double.isNaN(measured) ? "not measured" : measured >= goal ? "pass" : "**miss**";
        double f = fastestRatios.get(targetRow++);
        md.append("| ").append(what).append(" | ").append(ratio(measured)).append(" | ").append(ratio(f))
                .append(" | >= ").append(ratio(goal)).append(" | ").append(verdict).append(" | ").append(note)
                .append(" |\n");
    }

    /** A target on the ratio of two throughputs (elements/s), with both in Melem/s as the note. */
    private void ratioTarget(String what, String name, double eps, String baseName, double baseEps, double goal) {
        target(what, eps / baseEps, goal, name + " " + fmt(eps / 1e6) + ", " + baseName + " " + fmt(baseEps / 1e6));
    }

    private void targets(String bits) {
        fastest = true;
        int mark = md.length();
        targetRows(bits);
        md.setLength(mark);
        fastest = false;
        md.append("## Targets\n\nVerdicts on the medians. The fastest-iteration ratio (fastest iteration of each"
                + " side) shows what the code does when the shared machine leaves it alone.\n\n"
                + "| target | measured (medians) | fastest iterations | goal | verdict | figures (medians, Melem/s) |\n"
                + "|---|---:|---:|---:|---|---|\n");
        targetRows(bits);
        md.append('\n');
    }

    private void targetRows(String bits) {
        String m16 = Integer.toString(1 << 24);
        double ffmF16 = eps("MainSweep", "forward", "backend", "ffm", "size", m16);
        double cpy = eps("Yardsticks", "memcpy", "size", m16);
        double scpy = eps("Yardsticks", "segmentCopy", "size", m16);
        target("forward 16M, ffm / memcpy of the same bytes", ffmF16 / cpy, 0.75,
                "ffm " + fmt(ffmF16 / 1e6) + ", memcpy " + fmt(cpy / 1e6) + " (MemorySegment.copy "
                        + fmt(scpy / 1e6) + ")");
        double ffmB16 = eps("MainSweep", "backward", "backend", "ffm", "size", m16);
        double mul = eps("Yardsticks", "mulXDy", "size", m16);
        ratioTarget("backward 16M, ffm / read x,dy write dx yardstick", "ffm", ffmB16, "yardstick", mul, 0.9);
        String k64 = "65536";
        double fB = eps("MainSweep", "backward", "backend", "ffm", "size", k64);
        double jB = eps("MainSweep", "backward", "backend", "jna", "size", k64);
        double vB = eps("MainSweep", "backward", "backend", "vector", "size", k64);
        double sB = eps("MainSweep", "backward", "backend", "scalar", "size", k64);
        ratioTarget("backward 64K, ffm / scalar", "ffm", fB, "scalar", sB, 10);
        ratioTarget("backward 64K, jna (direct) / scalar", "jna", jB, "scalar", sB, 10);
        ratioTarget("backward 64K, vector / scalar", "vector", vB, "scalar", sB, 5);
        String k4 = "4096";
        double fF = eps("MainSweep", "forward", "backend", "ffm", "size", k4);
        double vF = eps("MainSweep", "forward", "backend", "vector", "size", k4);
        double sF = eps("MainSweep", "forward", "backend", "scalar", "size", k4);
        target("forward 4K, ffm / best pure Java", fF / Math.max(vF, sF), 1.5,
                "ffm " + fmt(fF / 1e6) + ", vector " + fmt(vF / 1e6) + ", scalar " + fmt(sF / 1e6));
        double bf = eps("DTypes", "forward", "backend", "ffm", "dtype", "bf16", "size", m16);
        double f32 = eps("DTypes", "forward", "backend", "ffm", "dtype", "f32", "size", m16);
        ratioTarget("bf16 forward 16M / f32 forward 16M (ffm, elements/s)", "bf16", bf, "f32", f32, 1.6);
        for (String op : new String[] {"forward", "backward"}) {
            double t1 = eps("Threads", op, "backend", "ffm", "threads", "1", "size", m16);
            double t2 = eps("Threads", op, "backend", "ffm", "threads", "2", "size", m16);
            target("two threads / one, ffm " + op + " 16M", t2 / t1, 1.5,
                    "1 thread " + fmt(t1 / 1e6) + ", 2 threads " + fmt(t2 / 1e6) + "; bits: "
                            + (bits.contains("DIFFER") ? "**differ**" : "identical (below)"));
        }
        for (String op : new String[] {"forward", "backward"}) {
            double worst = Double.NaN;
            StringBuilder per = new StringBuilder();
            for (int n : SIZES) {
                double r = value("auto", op, n) / best(op, n);
                if (!Double.isNaN(r) && (Double.isNaN(worst) || r < worst)) {
                    worst = r;
                }
                per.append(sizeName(n)).append(' ').append(ratio(r)).append(" (best ").append(bestName(op, n))
                        .append("); ");
            }
            target("auto / best single backend, " + op + ", worst size", worst, 0.9, per.toString().trim());
        }
        for (String op : new String[] {"forward", "backward"}) {
            String m1 = "1048576";
            double j = eps("InputKinds", op, "backend", "jna", "input", "direct", "size", m1);
            double f = eps("InputKinds", op, "backend", "ffm", "input", "direct", "size", m1);
            double fs = eps("InputKinds", op, "backend", "ffm", "input", "segment", "size", m1);
            target("jna / ffm, " + op + " 1M, direct buffers", j / f, 0.9,
                    "jna " + fmt(j / 1e6) + ", ffm " + fmt(f / 1e6) + " (ffm on a native segment "
                            + fmt(fs / 1e6) + ")");
        }
    }

    // ------------------------------------------------------------------ bit identity

    /** Two threads against one at 16M elements, forward y and backward dx + gradients, ffm and vector. */
    static String bitIdentity() {
        StringBuilder sb = new StringBuilder();
        int n = 1 << 24;
        float[] x = Data.xs(n);
        float[] dy = Data.dys(n);
        for (String backend : new String[] {"ffm", "vector"}) {
            try {
                float[][] y = new float[3][n];
                float[][] dx = new float[3][n];
                Gradients[] g = new Gradients[3];
                int[] threads = {1, 2, 2};
                long[] thresholds = {RationalActivation.DEFAULT_PARALLEL_THRESHOLD,
                    RationalActivation.DEFAULT_PARALLEL_THRESHOLD, 0};
                for (int i = 0; i < 3; i++) {
                    RationalActivation a = RationalActivation.builder(Data.defaults()).backend(backend)
                            .threads(threads[i]).parallelThreshold(thresholds[i]).build();
                    g[i] = new Gradients(a.spec());
                    a.forward(x, 0, y[i], 0, Shape.flat(n));
                    a.backward(x, 0, dy, 0, dx[i], 0, Shape.flat(n), g[i]);
                }
                for (int i = 1; i < 3; i++) {
                    boolean same = bitsEqual(y[0], y[i]) && bitsEqual(dx[0], dx[i])
                            && bitsEqual(g[0].numerator(), g[i].numerator())
                            && bitsEqual(g[0].denominator(), g[i].denominator());
                    sb.append("- ").append(backend).append(", 16M elements, 2 threads")
                            .append(i == 2 ? " (parallel threshold 0)" : "")
                            .append(" vs 1 thread: forward y, backward dx and coefficient gradients ")
                            .append(same ? "bit-identical" : "DIFFER").append('\n');
                }
            } catch (RuntimeException e) {
                sb.append("- ").append(backend).append(": not checked (").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    static boolean bitsEqual(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return a.length == b.length;
    }

    static boolean bitsEqual(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return a.length == b.length;
    }

    // ------------------------------------------------------------------ chart

    private void chart(Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (String op : new String[] {"forward", "backward"}) {
            XYChart c = new XYChartBuilder().width(800).height(560)
                    .title(op + " (f32, (5,4) A, 1 thread)").xAxisTitle("elements per call")
                    .yAxisTitle("million elements / s").build();
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
            c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            List<String> cols = new ArrayList<>(Arrays.asList(BACKENDS));
            cols.add(op.equals("forward") ? "memcpy" : "mulXDy");
            for (String col : cols) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int n : SIZES) {
                    double v = value(col, op, n);
                    if (!Double.isNaN(v)) {
                        xs.add((double) n);
                        ys.add(v / 1e6);
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                String label = switch (col) {
                    case "memcpy" -> "memcpy (yardstick)";
                    case "mulXDy" -> "x*dy->dx (yardstick)";
                    case "jna" -> "jna (direct buffers)";
                    default -> col;
                };
                XYSeries s = c.addSeries(label, xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
                if (col.equals("memcpy") || col.equals("mulXDy")) {
                    s.setLineStyle(SeriesLines.DASH_DASH);
                    s.setLineColor(java.awt.Color.GRAY);
                    s.setMarkerColor(java.awt.Color.GRAY);
                }
            }
            charts.add(c);
        }
        BitmapEncoder.saveBitmap(charts, 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
