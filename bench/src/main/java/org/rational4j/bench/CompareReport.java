package org.rational4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The before/after table of bench/compare.sh: for each MainSweep benchmark, the median over rounds
 * of each side's median time, and after / before of throughput. Usage:
 * {@code CompareReport <out.md> <notes-file> (before|after):<results.json>...}.
 */
public final class CompareReport {
    /** A change may cost at most this much throughput on any benchmark (issue 12: 3%). */
    static final double FLOOR = 0.97;

    private CompareReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CompareReport <out.md> <notes-file> (before|after):<results.json>...");
            System.exit(2);
        }
        // key "method backend size" -> side -> medians of each round (ns per call)
        Map<String, Map<String, List<Double>>> times = new TreeMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] p = args[i].split(":", 2);
            Report r = new Report();
            r.read(Path.of(p[1]));
            for (Report.Result x : r.results()) {
                if (!x.bench().equals("MainSweep")) {
                    continue;
                }
                String key = String.format(Locale.ROOT, "%s %s %d", x.method(), x.params().get("backend"), x.size());
                times.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(p[0], k -> new ArrayList<>())
                        .add(x.ns());
            }
        }
        StringBuilder md = new StringBuilder("# Before / after (bench/compare.sh)\n\n");
        Path notes = Path.of(args[1]);
        if (Files.exists(notes)) {
            md.append(Files.readString(notes)).append('\n');
        }
        md.append("f32, degrees (5,4), version A, one thread; Melem/s, the median over rounds of each run's median "
                + "iteration; after / before of throughput (>= ").append(FLOOR).append(": within the 3% budget).\n\n");
        md.append("| op | backend | size | before | after | after / before | |\n|---|---|---:|---:|---:|---:|---|\n");
        double worst = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Map<String, List<Double>>> e : times.entrySet()) {
            String[] k = e.getKey().split(" ");
            double size = Double.parseDouble(k[2]);
            double b = size / median(e.getValue().get("before")) * 1e3;
            double a = size / median(e.getValue().get("after")) * 1e3;
            double ratio = a / b;
            worst = Math.min(worst, ratio);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.3f | %s |%n", k[0], k[1],
                    label(Integer.parseInt(k[2])), b, a, ratio, ratio >= FLOOR ? "" : "**slower**"));
        }
        md.append(String.format(Locale.ROOT, "%nLowest after / before: %.3f%n", worst));
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    private static double median(List<Double> v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        return Report.median(v.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    private static String label(int size) {
        return size >= 1 << 20 ? (size >> 20) + "M" : (size >> 10) + "K";
    }
}
