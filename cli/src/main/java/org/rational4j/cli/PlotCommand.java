package org.rational4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.coefficients.Builtin;
import org.rational4j.coefficients.Builtins;
import org.rational4j.coefficients.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Draws checkpoints and built-ins on one chart. */
@Command(name = "plot", sortOptions = false,
        description = {"Draw rational activations and functions on one chart as a PNG, for comparison.",
            "An ACTIVATION is a checkpoint file, a built-in name or a function name (any target 'fit' knows). "
            + "--targets adds the function each activation was fitted to; --list prints the built-ins."})
final class PlotCommand implements Callable<Integer> {
    @Mixin
    Common common;
    @Mixin
    SafetensorsInput safetensors;

    @Parameters(paramLabel = "ACTIVATION", arity = "0..*", description = "Checkpoint files (.json, or "
            + ".safetensors with --rational-version/--prefix), built-in names, or function names (the targets "
            + "of 'fit': gelu, tanh, swish, ...).")
    List<String> activations = new ArrayList<>();
    @Option(names = "--list", description = "List the built-ins (name, version and degrees, target, interval, source).")
    boolean list;
    @Option(names = {"-I", "--interval"}, paramLabel = "LO,HI", description = "x range, e.g. --interval=-4,4 "
            + "(default: the widest interval of the activations, else -3,3).")
    String interval;
    @Option(names = "--targets", description = "Also draw each activation's target function (dashed).")
    boolean targets;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("rational4j-plot.png");

    @Override
    public Integer call() {
        Main.initBackends();
        PrintWriter w = common.out();
        if (list) {
            w.printf(Locale.ROOT, "%-34s %-9s %-16s %-16s %s%n", "built-in", "version", "target", "interval", "source");
            for (Builtin b : Builtins.all()) {
                RationalSpec rs = b.coefficients().spec();
                w.printf(Locale.ROOT, "%-34s %-9s %-16s %-16s %s%s%n", b.name(), rs.version() + " " + rs.numeratorDegree()
                        + "/" + rs.denominatorDegree(), b.target(), "[" + FitCommand.num(b.lower()) + ", "
                        + FitCommand.num(b.upper()) + "]", b.source(), b.note().isEmpty() ? "" : " (" + b.note() + ")");
            }
            w.flush();
            if (activations.isEmpty()) {
                return ExitCode.OK;
            }
        }
        if (activations.isEmpty()) {
            throw CliException.usage("give at least one checkpoint file or built-in name (or --list)");
        }
        List<Sources.Loaded> loaded = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        Sources.SafetensorsOptions st = safetensors.options();
        boolean anySafetensors = false;
        for (String a : activations) {
            if (Sources.isFunctionName(a)) {
                functions.add(Targets.canonical(a));
                continue;
            }
            if (!java.nio.file.Files.exists(Path.of(a)) && !Sources.looksLikeFile(a)) {
                try {
                    org.rational4j.coefficients.Builtins.get(a);
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("'" + a + "' is neither a file, a built-in nor a function: " + e.getMessage()
                            + "; 'rational4j plot --list' lists the built-ins; the functions are "
                            + String.join(", ", Targets.names()));
                }
            }
            loaded.add(Sources.load(a, st));
            anySafetensors |= java.nio.file.Files.exists(Path.of(a)) && Sources.isSafetensors(Path.of(a));
        }
        Sources.checkSafetensorsOptionsUsed(st, anySafetensors);
        double lo;
        double hi;
        if (interval != null) {
            double[] iv = FitCommand.parseInterval(interval);
            lo = iv[0];
            hi = iv[1];
        } else {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (Sources.Loaded l : loaded) {
                if (l.hasInterval()) {
                    lo = Math.min(lo, l.lower());
                    hi = Math.max(hi, l.upper());
                }
            }
            if (!(lo < hi)) {
                lo = -3;
                hi = 3;
            }
        }
        int n = 801;
        double[] x = Charts.plotGrid(lo, hi, n);
        String title = loaded.size() == 1 && functions.isEmpty() ? loaded.get(0).label()
                : loaded.isEmpty() && functions.size() == 1 ? functions.get(0) + "(x) = " + Targets.describe(functions.get(0))
                : loaded.isEmpty() ? "Functions" : "Rational activations";
        XYChart c = Charts.chart(title, "x", loaded.isEmpty() ? "f(x)" : "R(x)", 1000, 640);
        // functions first: beside activations they are wide light lines underneath, as --targets draws
        for (int k = 0; k < functions.size(); k++) {
            String name = functions.get(k) + "(x)";
            if (c.getSeriesMap().containsKey(name)) {
                continue;
            }
            double[] y = sample(Targets.byName(functions.get(k)), x);
            java.awt.Color color = Charts.PALETTE[(loaded.size() + k) % Charts.PALETTE.length];
            if (loaded.isEmpty()) {
                Charts.line(c, name, x, y, color, false);
            } else {
                Charts.backdrop(c, name, x, y, color);
            }
        }
        if (targets) {
            for (int k = 0; k < loaded.size(); k++) {
                Sources.Loaded l = loaded.get(k);
                if (l.target() == null || !Targets.contains(l.target())) {
                    continue;
                }
                String name = "target " + l.target();
                if (c.getSeriesMap().containsKey(name) || c.getSeriesMap().containsKey(l.target() + "(x)")) {
                    continue;
                }
                Charts.backdrop(c, name, x, sample(Targets.byName(l.target()), x),
                        Charts.PALETTE[k % Charts.PALETTE.length]);
            }
        }
        for (int k = 0; k < loaded.size(); k++) {
            Sources.Loaded l = loaded.get(k);
            RationalActivation act = RationalActivation.of(l.coefficients());
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = act.evaluate(x[i]);
            }
            RationalSpec rs = l.coefficients().spec();
            Charts.line(c, uniqueName(c, l.label() + " [" + rs.version() + " " + rs.numeratorDegree() + "/"
                    + rs.denominatorDegree() + "]"), x, y, Charts.PALETTE[k % Charts.PALETTE.length], false);
        }
        Charts.savePng(output, c);
        int curves = loaded.size() + functions.size();
        w.println("plot: " + curves + " curve" + (curves == 1 ? "" : "s") + " on [" + FitCommand.num(lo)
                + ", " + FitCommand.num(hi) + "]: wrote " + output);
        w.flush();
        return ExitCode.OK;
    }

    private static double[] sample(DoubleUnaryOperator f, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    private static String uniqueName(XYChart c, String name) {
        String n = name;
        for (int i = 2; c.getSeriesMap().containsKey(n); i++) {
            n = name + " #" + i;
        }
        return n;
    }
}
