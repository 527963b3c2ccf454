package org.rational4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vector width table (bench/widths.sh): one JMH run of {@code MainSweep} per vector width,
 * each with {@code -Drational4j.vector.bits} and the native tier of the same width
 * ({@code RATIONAL4J_MAX_ISA}); every ratio is between figures of the same run. Usage:
 * {@code WidthsReport <out.md> <notes-file> <bits>:<tier>:<results.json>...}.
 */
public final class WidthsReport {
    private WidthsReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: WidthsReport <out.md> <notes-file> <bits>:<tier>:<results.json>...");
            System.exit(2);
        }
        StringBuilder md = new StringBuilder("# Vector API backend at each vector width\n\n");
        Path notes = Path.of(args[1]);
        if (Files.exists(notes)) {
            md.append(Files.readString(notes)).append('\n');
        }
        md.append("f32, degrees (5,4), version A, one thread, heap float[]; Melem/s (medians of the measurement "
                + "iterations). Each width is its own JMH run: `vector` with `-Drational4j.vector.bits`, `ffm` on "
                + "the native tier of the same width (`RATIONAL4J_MAX_ISA`; 128 bits is compared with avx2, the "
                + "narrowest vector tier). Ratios are between figures of the same run.\n\n");
        md.append("| bits | ffm tier | size | fwd ffm | fwd vector | fwd vector/ffm | bwd ffm | bwd vector | "
                + "bwd scalar | bwd vector/ffm | bwd vector/scalar |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> targets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] p = args[i].split(":", 3);
            int bits = Integer.parseInt(p[0]);
            String tier = p[1];
            Report r = new Report();
            r.read(Path.of(p[2]));
            for (int size : new int[] {65536, 1048576}) {
                double ff = eps(r, "forward", "ffm", size);
                double fv = eps(r, "forward", "vector", size);
                double bf = eps(r, "backward", "ffm", size);
                double bv = eps(r, "backward", "vector", size);
                double bs = eps(r, "backward", "scalar", size);
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.1f | %.2f | %.1f |%n",
                        bits, tier, size == 65536 ? "64K" : "1M", ff, fv, fv / ff, bf, bv, bs, bv / bf, bv / bs));
                double fwdGoal = bits == 128 ? 0.4 : 0.7;
                double bwdGoal = bits == 128 ? 0.25 : 0.5;
                String at = bits + " bits, " + (size == 65536 ? "64K" : "1M");
                targets.add(verdict("forward vector / ffm (" + tier + "), " + at, fv / ff, fwdGoal));
                if (bits != 512) {
                    targets.add(verdict("backward vector / ffm (" + tier + "), " + at, bv / bf, bwdGoal));
                }
                if (bits == 256) { // the issue sets this goal for 256-bit vectors (the AVX2 machine it came from)
                    targets.add(verdict("backward vector / scalar, " + at, bv / bs, 10));
                }
            }
        }
        md.append("\n## Targets (issue 13)\n\n| target | measured | goal | verdict |\n|---|---:|---:|---|\n");
        for (String t : targets) {
            md.append(t);
        }
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    private static String verdict(String what, double measured, double goal) {
        return String.format(Locale.ROOT, "| %s | %.2f | >= %.2f | %s |%n", what, measured, goal,
                measured >= goal ? "met" : "**missed**");
    }

    private static double eps(Report r, String method, String backend, int size) {
        for (Report.Result x : r.results()) {
            if (x.is("MainSweep", method, "backend", backend, "size", Integer.toString(size))) {
                return x.eps(false) / 1e6;
            }
        }
        return Double.NaN;
    }
}
