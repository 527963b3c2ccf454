package org.rational4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.rational4j.Coefficients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Version;
import org.rational4j.coefficients.Builtin;
import org.rational4j.coefficients.FitRequest;
import org.rational4j.coefficients.FitResult;
import org.rational4j.coefficients.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Fits a rational to a target function and writes the checkpoint and a picture. */
@Command(name = "fit", sortOptions = false,
        description = {"Fit a rational R = P/Q to a target function, write the checkpoint and draw the fit as "
            + "a PNG.",
            "The fit is least squares on an interval, or the smallest maximum error with --minimax; it prints the "
            + "max and RMS error, and the PNG shows the target, the rational and the error curve.",
            "TARGET is a function name (identity, relu, leaky_relu, tanh, sigmoid, swish, silu, gelu, gelu_tanh, "
            + "mish, softplus, elu, hardswish, erf, ...) or a built-in name (its target and interval become the "
            + "defaults)."})
final class FitCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Target function or built-in name.")
    String target;
    @Option(names = "--rational-version", paramLabel = "A|B|C|D|N", description = "Rational version: A (safe PAU), B, C, "
            + "D (B with training noise) or N (default: ${DEFAULT-VALUE}).")
    String version = "A";
    @Option(names = {"-d", "--degrees"}, paramLabel = "M/N", description = "Numerator/denominator degrees, "
            + "0..16 (default: ${DEFAULT-VALUE}).")
    String degrees = "5/4";
    @Option(names = {"-I", "--interval"}, paramLabel = "LO,HI", description = "Interval to fit on, e.g. "
            + "--interval=-3,3 (default: the built-in's interval, else -3,3).")
    String interval;
    @Option(names = "--minimax", description = "Minimise the maximum error instead of the mean squared error.")
    boolean minimax;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Checkpoint to write "
            + "(default: fit-<target>-<version><m>_<n>.json).")
    Path output;
    @Option(names = "--png", paramLabel = "FILE", description = "Picture to write (default: the checkpoint "
            + "name with .png).")
    Path png;

    /** The result, for demo and tests. */
    Result result;

    record Result(Coefficients coefficients, double maxError, double rmsError, Path checkpoint, Path png) {
    }

    @Override
    public Integer call() {
        Main.initBackends();
        PrintWriter w = common.out();
        String targetName;
        double lo = -3;
        double hi = 3;
        if (Targets.contains(target)) {
            targetName = Targets.canonical(target);
        } else {
            Builtin b;
            try {
                b = org.rational4j.coefficients.Builtins.get(target);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("unknown function '" + target + "'; use one of " + String.join(", ",
                        Targets.names()) + ", or a built-in name ('rational4j plot --list')");
            }
            targetName = b.target();
            lo = b.lower();
            hi = b.upper();
        }
        if (interval != null) {
            double[] iv = parseInterval(interval);
            lo = iv[0];
            hi = iv[1];
        }
        int[] md = parseDegrees(degrees);
        RationalSpec rs = spec(parseVersion(version), md[0], md[1]);
        DoubleUnaryOperator f = Targets.byName(targetName);
        String stem = "fit-" + targetName.replace('/', '_') + "-" + rs.version() + md[0] + "_" + md[1];
        Path ckpt = output != null ? output : Path.of(stem + ".json");
        Path pic = png != null ? png : siblingPng(ckpt);

        w.printf(Locale.ROOT, "fit: %s = %s on [%s, %s], %s, %s%n", targetName, Targets.describe(targetName),
                num(lo), num(hi), rs, minimax ? "minimax" : "least squares");
        FitRequest req = Sources.fitRequest(targetName, rs, lo, hi, minimax);
        w.printf(Locale.ROOT, "  fitting on %,d points (Levenberg-Marquardt from linearised starts + %d restarts%s); "
                + "no progress until it ends, Ctrl-C stops it%n", req.points(), req.restarts(),
                minimax ? ", then Lawson reweighting" : "");
        w.flush();
        FitResult fit = Sources.fit(req);
        Cancellation.check();
        w.printf(Locale.ROOT, "  max error %.3e, RMS error %.3e (%d iterations, %d ms)%n", fit.maxError(),
                fit.rmsError(), fit.iterations(), fit.millis());
        w.println("  numerator   " + java.util.Arrays.toString(fit.coefficients().numerator()));
        w.println("  denominator " + java.util.Arrays.toString(fit.coefficients().denominator()));
        Sources.writeCheckpoint(ckpt, fit.coefficients(), targetName, lo, hi, minimax, fit.maxError(),
                fit.rmsError());
        draw(pic, targetName, f, fit.coefficients(), lo, hi, fit.maxError(), fit.rmsError());
        w.println("  wrote " + ckpt + " and " + pic);
        w.flush();
        result = new Result(fit.coefficients(), fit.maxError(), fit.rmsError(), ckpt, pic);
        return ExitCode.OK;
    }

    private void draw(Path path, String name, DoubleUnaryOperator f, Coefficients c, double lo, double hi,
            double maxErr, double rmsErr) {
        int n = 801;
        double[] x = Charts.plotGrid(lo, hi, n);
        double[] yt = new double[n];
        double[] yr = new double[n];
        double[] err = new double[n];
        RationalActivation act = RationalActivation.of(c);
        for (int i = 0; i < n; i++) {
            yt[i] = f.applyAsDouble(x[i]);
            yr[i] = act.evaluate(x[i]);
            err[i] = yr[i] - yt[i];
        }
        RationalSpec rs = c.spec();
        String label = "rational " + rs.version() + " (" + rs.numeratorDegree() + "/" + rs.denominatorDegree() + ")";
        XYChart top = Charts.chart(name + " and its " + label + " fit (" + (minimax ? "minimax" : "least squares")
                + ")", "x", "y", 900, 400);
        Charts.backdrop(top, "target " + name, x, yt, new java.awt.Color(0x555555));
        Charts.line(top, label, x, yr, Charts.PALETTE[0], false);
        XYChart bottom = Charts.chart(String.format(Locale.ROOT, "error R(x) - %s(x): max %.2e, RMS %.2e", name,
                maxErr, rmsErr), "x", "R(x) - target(x)", 900, 400);
        Charts.line(bottom, "error", x, err, Charts.PALETTE[1], false);
        List<XYChart> charts = new ArrayList<>();
        charts.add(top);
        charts.add(bottom);
        Charts.savePng(path, charts, 2, 1);
    }

    static Path siblingPng(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return p.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static int[] parseDegrees(String text) {
        String[] parts = text.trim().split("[/,:]");
        if (parts.length != 2) {
            throw CliException.usage("--degrees must look like M/N (for example 5/4), got '" + text + "'");
        }
        try {
            return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw CliException.usage("--degrees must look like M/N (for example 5/4), got '" + text + "'");
        }
    }

    static Version parseVersion(String text) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--rational-version: unknown '" + text + "'; use one of A, B, C, D, N");
        }
    }

    /** A layer-wise spec; bad degrees are a usage error that names the allowed range. */
    static RationalSpec spec(Version v, int m, int n) {
        try {
            return RationalSpec.of(v, m, n);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad --degrees " + m + "/" + n + ": " + e.getMessage());
        }
    }

    static double[] parseInterval(String text) {
        String[] parts = text.trim().split("[,:;]|\\s+");
        if (parts.length != 2) {
            throw CliException.usage("--interval must look like LO,HI (for example --interval=-3,3), got '" + text + "'");
        }
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(parts[0].trim());
            hi = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
            throw CliException.usage("--interval must look like LO,HI (for example --interval=-3,3), got '" + text + "'");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw CliException.usage("--interval ends must be finite numbers, got '" + text + "'");
        }
        if (!(lo < hi)) {
            throw CliException.usage("--interval: the lower end " + num(lo) + " must be below the upper end " + num(hi));
        }
        return new double[] {lo, hi};
    }
}
