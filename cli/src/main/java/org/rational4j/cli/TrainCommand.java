package org.rational4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.rational4j.Coefficients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A small, honest learning demo: the same MLP with rational, ReLU and GELU activations on a 2-D
 * regression with a sharp feature, at (nearly) the same parameter count.
 */
@Command(name = "train", sortOptions = false,
        description = {"Train the same small MLP with rational, ReLU and GELU activations and compare their "
            + "losses.",
            "The task is a 2-D regression with a sharp feature: f(x, y) = sin(3x) cos(2y) + exp(-((r - 0.6) / "
            + "0.05)^2), r = sqrt(x^2 + y^2), on [-1, 1]^2, a smooth function plus a narrow ring-shaped ridge. The "
            + "rational net has one learnable activation per hidden layer (coefficients learned through "
            + "RationalActivation.backward); the ReLU and GELU nets get the widths whose parameter counts match "
            + "it as closely as possible.",
            "Adam, mini-batches, mean squared error; data and initialisation fixed by --seed. Writes "
            + "train-loss.png (the loss curves), train-activations.png (the learned activations) and "
            + "train-loss.csv."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    Common common;
    @Mixin
    SafetensorsInput safetensors;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 60;
    @Option(names = "--width", description = "Hidden width of the rational net; the ReLU and GELU nets get the "
            + "width that matches its parameter count (default: ${DEFAULT-VALUE}).")
    int width = 32;
    @Option(names = "--layers", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int layers = 2;
    @Option(names = "--seed", description = "Seed of the data, the initialisation, the batch order and version D's "
            + "training noise "
            + "(default: ${DEFAULT-VALUE}).")
    long seed = 42;
    @Option(names = "--samples", description = "Training samples; the test set has half as many "
            + "(default: ${DEFAULT-VALUE}).")
    int samples = 8192;
    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;
    @Option(names = "--lr", description = "Adam learning rate, cosine-decayed to a tenth "
            + "(default: ${DEFAULT-VALUE}).")
    double lr = 3e-3;
    @Option(names = "--init", paramLabel = "FILE|BUILTIN", description = "Checkpoint file (.json, or .safetensors "
            + "with --rational-version/--prefix) or built-in rational the activations start from (default: the library's "
            + "default activation).")
    String init;
    @Mixin
    BackendOption backendOption;
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder for train-loss.png, "
            + "train-activations.png and train-loss.csv (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("rational4j-train");

    /** The results, for demo and tests. */
    Result result;

    record ModelResult(String name, int width, int parameters, double[] trainLoss, double[] testLoss, long millis) {
    }

    record Result(List<ModelResult> models, Path lossPng, Path activationsPng) {
    }

    @Override
    public Integer call() {
        Main.initBackends();
        validate();
        PrintWriter w = common.out();
        Sources.SafetensorsOptions st = safetensors.options();
        Sources.Loaded initial = Sources.initialActivation(init, st);
        Sources.checkSafetensorsOptionsUsed(st, init != null && Sources.isSafetensors(Path.of(init)));
        Coefficients initCoefficients = initial.coefficients();
        int ng = initCoefficients.spec().numeratorGroups();
        int dg = initCoefficients.spec().denominatorGroups();
        if (width % ng != 0 || width % dg != 0) {
            throw CliException.usage("--init " + init + " has " + ng + "/" + dg + " groups, which must divide "
                    + "--width " + width);
        }
        int perLayer = initCoefficients.numerator().length + initCoefficients.denominator().length;
        String backend = backendOption.name;

        // Data
        int nTest = Math.max(1, samples / 2);
        float[] xTrain = new float[samples * 2];
        float[] yTrain = new float[samples];
        float[] xTest = new float[nTest * 2];
        float[] yTest = new float[nTest];
        SplittableRandom random = new SplittableRandom(seed);
        fill(random, xTrain, yTrain, samples);
        fill(random, xTest, yTest, nTest);

        // Models with matched parameter counts
        int rationalParams = Mlp.denseParameterCount(2, width, layers) + layers * perLayer;
        int baselineWidth = matchWidth(rationalParams);
        List<Mlp> models = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // version D: each layer's own noise stream, fixed by --seed like everything else
        models.add(new Mlp(2, width, layers, l -> new RationalHidden("rational layer " + (l + 1),
                initial.label(), initCoefficients, backend, seed + 100 + l), seed + 1));
        names.add("rational");
        models.add(new Mlp(2, baselineWidth, layers, l -> new HiddenActivation.Relu(), seed + 1));
        names.add("ReLU");
        models.add(new Mlp(2, baselineWidth, layers, l -> new HiddenActivation.Gelu(), seed + 1));
        names.add("GELU");
        RationalHidden first = (RationalHidden) models.get(0).activations[0];

        w.printf(Locale.ROOT, "train: f(x, y) = sin(3x) cos(2y) + narrow ring ridge; %d train / %d test samples, "
                + "seed %d%n", samples, nTest, seed);
        w.printf(Locale.ROOT, "rational activations: %s, %s, initialised as built-in '%s', backend %s%n",
                initCoefficients.spec().version() + " (" + initCoefficients.spec().numeratorDegree() + "/"
                        + initCoefficients.spec().denominatorDegree() + ")",
                layers == 1 ? "one per hidden layer" : "one per hidden layer (" + layers + " layers)",
                initial.label(), first.backendDescription());
        for (int i = 0; i < models.size(); i++) {
            Mlp m = models.get(i);
            w.printf(Locale.ROOT, "  %-8s 2 -> %s -> 1, width %3d: %5d parameters (%d dense + %d activation)%n",
                    names.get(i), layers + " x " + m.width, m.width, m.parameterCount(),
                    m.parameterCount() - m.activationParameterCount(), m.activationParameterCount());
        }
        w.printf(Locale.ROOT, "Adam lr %.3g (cosine to %.3g), batch %d, %d epochs%n", lr, lr / 10, batch, epochs);
        w.printf(Locale.ROOT, "%6s  %-21s  %-21s  %-21s%n", "epoch", "rational train/test", "ReLU train/test",
                "GELU train/test");
        w.flush();

        List<Adam> optimizers = new ArrayList<>();
        for (Mlp m : models) {
            Adam adam = new Adam();
            m.register(adam);
            optimizers.add(adam);
        }
        double[][] trainLoss = new double[models.size()][epochs + 1];
        double[][] testLoss = new double[models.size()][epochs + 1];
        long[] millis = new long[models.size()];
        for (int i = 0; i < models.size(); i++) {
            trainLoss[i][0] = models.get(i).loss(xTrain, yTrain, samples, 512);
            testLoss[i][0] = models.get(i).loss(xTest, yTest, nTest, 512);
        }
        printRow(w, 0, trainLoss, testLoss);
        int batches = (samples + batch - 1) / batch;
        int[] order = new int[samples];
        float[] xb = new float[batch * 2];
        float[] yb = new float[batch];
        long step = 0;
        long totalSteps = (long) epochs * batches;
        try (Progress progress = Progress.start("train", totalSteps * models.size())) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                // one shuffle per epoch, shared by the three models
                for (int i = 0; i < samples; i++) {
                    order[i] = i;
                }
                for (int i = samples - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                long stepAtEpoch = step;
                for (int mi = 0; mi < models.size(); mi++) {
                    Mlp m = models.get(mi);
                    Adam adam = optimizers.get(mi);
                    long t0 = System.nanoTime();
                    step = stepAtEpoch;
                    for (int b = 0; b < batches; b++) {
                        Cancellation.check();
                        int from = b * batch;
                        int rows = Math.min(batch, samples - from);
                        for (int r = 0; r < rows; r++) {
                            int s = order[from + r];
                            xb[2 * r] = xTrain[2 * s];
                            xb[2 * r + 1] = xTrain[2 * s + 1];
                            yb[r] = yTrain[s];
                        }
                        m.zeroGrad();
                        m.trainBatch(xb, yb, 0, rows);
                        double progressFraction = (double) step / Math.max(1, totalSteps);
                        double rate = lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progressFraction)));
                        adam.step(rate);
                        m.parametersChanged();
                        step++;
                        progress.step();
                    }
                    trainLoss[mi][epoch] = m.loss(xTrain, yTrain, samples, 512);
                    testLoss[mi][epoch] = m.loss(xTest, yTest, nTest, 512);
                    millis[mi] += (System.nanoTime() - t0) / 1_000_000;
                    if (!Double.isFinite(trainLoss[mi][epoch])) {
                        throw new CliException(ExitCode.FAILURE, names.get(mi) + " training diverged at epoch "
                                + epoch + " (loss " + trainLoss[mi][epoch] + "); try a smaller --lr");
                    }
                }
                progress.message(String.format(Locale.ROOT, "test %.2e / %.2e / %.2e", testLoss[0][epoch],
                        testLoss[1][epoch], testLoss[2][epoch]));
                printRow(w, epoch, trainLoss, testLoss);
            }
        }

        List<ModelResult> results = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Mlp m = models.get(i);
            results.add(new ModelResult(names.get(i), m.width, m.parameterCount(), trainLoss[i], testLoss[i],
                    millis[i]));
        }
        w.println();
        w.printf(Locale.ROOT, "%-8s %6s %10s %12s %12s %9s%n", "model", "width", "parameters", "train MSE",
                "test MSE", "time");
        for (ModelResult r : results) {
            w.printf(Locale.ROOT, "%-8s %6d %10d %12.4e %12.4e %8.1fs%n", r.name(), r.width(), r.parameters(),
                    r.trainLoss()[epochs], r.testLoss()[epochs], r.millis() / 1000.0);
        }

        Path lossPng = out.resolve("train-loss.png");
        Path actPng = out.resolve("train-activations.png");
        Path csv = out.resolve("train-loss.csv");
        writeCsv(csv, results);
        drawLoss(lossPng, results);
        drawActivations(actPng, models.get(0));
        w.println("wrote " + lossPng + ", " + actPng + ", " + csv);
        w.flush();
        result = new Result(results, lossPng, actPng);
        return ExitCode.OK;
    }

    private void validate() {
        if (epochs < 1) {
            throw CliException.usage("--epochs must be at least 1, got " + epochs);
        }
        if (width < 1 || width > 4096) {
            throw CliException.usage("--width must be in 1..4096, got " + width);
        }
        if (layers < 1 || layers > 16) {
            throw CliException.usage("--layers must be in 1..16, got " + layers);
        }
        if (samples < 2) {
            throw CliException.usage("--samples must be at least 2, got " + samples);
        }
        if (batch < 1) {
            throw CliException.usage("--batch must be at least 1, got " + batch);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw CliException.usage("--lr must be a positive number, got " + lr);
        }
    }

    /** The target function. */
    static double target(double x, double y) {
        double r = Math.sqrt(x * x + y * y);
        double ridge = (r - 0.6) / 0.05;
        return Math.sin(3 * x) * Math.cos(2 * y) + Math.exp(-ridge * ridge);
    }

    private static void fill(SplittableRandom random, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            float a = (float) (2 * random.nextDouble() - 1);
            float b = (float) (2 * random.nextDouble() - 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = (float) target(a, b);
        }
    }

    /** The width whose dense parameter count is closest to {@code params}. */
    private int matchWidth(int params) {
        int best = 1;
        for (int w = 1; w <= 8192; w++) {
            if (Math.abs(Mlp.denseParameterCount(2, w, layers) - params)
                    < Math.abs(Mlp.denseParameterCount(2, best, layers) - params)) {
                best = w;
            }
            if (Mlp.denseParameterCount(2, w, layers) > params) {
                break;
            }
        }
        return best;
    }

    private static void printRow(PrintWriter w, int epoch, double[][] train, double[][] test) {
        w.printf(Locale.ROOT, "%6d  %.3e / %.3e  %.3e / %.3e  %.3e / %.3e%n", epoch, train[0][epoch], test[0][epoch],
                train[1][epoch], test[1][epoch], train[2][epoch], test[2][epoch]);
        w.flush();
    }

    private void writeCsv(Path csv, List<ModelResult> results) {
        StringBuilder sb = new StringBuilder("epoch");
        for (ModelResult r : results) {
            sb.append(',').append(r.name()).append("_train,").append(r.name()).append("_test");
        }
        sb.append('\n');
        for (int e = 0; e <= epochs; e++) {
            sb.append(e);
            for (ModelResult r : results) {
                sb.append(',').append(r.trainLoss()[e]).append(',').append(r.testLoss()[e]);
            }
            sb.append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Files2.writeAtomically(csv, o -> o.write(bytes));
    }

    private void drawLoss(Path png, List<ModelResult> results) {
        Charts.savePng(png, lossChart(results, epochs));
    }

    /** Train (dashed) and test (solid) losses per epoch on a log axis labelled at every decade. */
    static XYChart lossChart(List<ModelResult> results, int epochs) {
        XYChart c = Charts.chart("Loss (MSE) per epoch: train dashed, test solid", "epoch", "mean squared error (log)",
                900, 560);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        double[] ep = new double[epochs + 1];
        for (int e = 0; e <= epochs; e++) {
            ep[e] = e;
        }
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ModelResult r = results.get(i);
            String label = r.name() + " (" + r.parameters() + " params)";
            Charts.line(c, label + " test", ep, r.testLoss(), Charts.PALETTE[i], false);
            Charts.line(c, label + " train", ep, r.trainLoss(), Charts.PALETTE[i], true);
            all.add(r.testLoss());
            all.add(r.trainLoss());
        }
        Charts.logYAxisByDecades(c, all.toArray(new double[0][]));
        return c;
    }

    private static void drawActivations(Path png, Mlp rational) {
        List<XYChart> charts = new ArrayList<>();
        double[] x = Charts.plotGrid(-3, 3, 301);
        for (int l = 0; l < rational.layers; l++) {
            RationalHidden act = (RationalHidden) rational.activations[l];
            XYChart c = Charts.chart("Hidden layer " + (l + 1) + ": learned rational activation", "x", "R(x)",
                    560, 420);
            double[] yInit = new double[x.length];
            double[] yLearned = new double[x.length];
            org.rational4j.RationalActivation init = org.rational4j.RationalActivation.builder(act.initial())
                    .backend("scalar").build();
            for (int i = 0; i < x.length; i++) {
                yInit[i] = init.evaluate(x[i]);
                yLearned[i] = act.evaluate(x[i]);
            }
            Charts.backdrop(c, "initial (" + act.initialName() + ")", x, yInit, new java.awt.Color(0x7f7f7f));
            Charts.line(c, "learned", x, yLearned, Charts.PALETTE[0], false);
            charts.add(c);
        }
        int cols = charts.size() % 2 == 0 ? 2 : 1;
        Charts.savePng(png, charts, charts.size() / cols, cols);
    }
}
