package org.rational4j.cli;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * A small multilayer perceptron for the {@code train} demo: {@code in -> [dense(width) -> act] x
 * layers -> dense(1)}, mean squared error, weights in double, activations in float (channels-last
 * {@code [batch, width]} blocks, the layout {@link HiddenActivation} sees). Single-threaded and
 * deterministic for a seed.
 */
final class Mlp {
    final int inputs;
    final int width;
    final int layers;
    final HiddenActivation[] activations;
    /** Dense layer l: weights [in][out] row-major, biases [out]; l = 0..layers (the last is the output layer). */
    final double[][] weights;
    final double[][] biases;
    final double[][] weightGrads;
    final double[][] biasGrads;
    private final int[] dims;

    private int capacity;
    private float[][] z; // pre-activations per hidden layer
    private float[][] a; // activations per hidden layer (a[-1] is the input)
    private float[] da;
    private float[] dz;
    private double[] out;

    Mlp(int inputs, int width, int layers, IntFunction<HiddenActivation> activation, long seed) {
        this.inputs = inputs;
        this.width = width;
        this.layers = layers;
        this.activations = new HiddenActivation[layers];
        for (int l = 0; l < layers; l++) {
            activations[l] = activation.apply(l);
        }
        dims = new int[layers + 2];
        dims[0] = inputs;
        for (int l = 1; l <= layers; l++) {
            dims[l] = width;
        }
        dims[layers + 1] = 1;
        weights = new double[layers + 1][];
        biases = new double[layers + 1][];
        weightGrads = new double[layers + 1][];
        biasGrads = new double[layers + 1][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l <= layers; l++) {
            int din = dims[l];
            int dout = dims[l + 1];
            weights[l] = new double[din * dout];
            biases[l] = new double[dout];
            weightGrads[l] = new double[din * dout];
            biasGrads[l] = new double[dout];
            // He-uniform for the hidden layers, Glorot-uniform for the linear output layer.
            double limit = l < layers ? Math.sqrt(6.0 / din) : Math.sqrt(6.0 / (din + dout));
            for (int i = 0; i < weights[l].length; i++) {
                weights[l][i] = (2 * random.nextDouble() - 1) * limit;
            }
        }
    }

    /** Weights and biases of the dense layers plus the activations' parameters. */
    int parameterCount() {
        return denseParameterCount(inputs, width, layers) + activationParameterCount();
    }

    int activationParameterCount() {
        int n = 0;
        for (HiddenActivation act : activations) {
            n += act.parameters().length;
        }
        return n;
    }

    static int denseParameterCount(int inputs, int width, int layers) {
        return inputs * width + width + (layers - 1) * (width * width + width) + width + 1;
    }

    void register(Adam adam) {
        for (int l = 0; l <= layers; l++) {
            adam.add(weights[l], weightGrads[l]);
            adam.add(biases[l], biasGrads[l]);
        }
        for (HiddenActivation act : activations) {
            if (act.parameters().length > 0) {
                adam.add(act.parameters(), act.gradients());
            }
        }
    }

    void zeroGrad() {
        for (int l = 0; l <= layers; l++) {
            java.util.Arrays.fill(weightGrads[l], 0);
            java.util.Arrays.fill(biasGrads[l], 0);
        }
        for (HiddenActivation act : activations) {
            java.util.Arrays.fill(act.gradients(), 0);
        }
    }

    void parametersChanged() {
        for (HiddenActivation act : activations) {
            act.parametersChanged();
        }
    }

    private void ensure(int rows) {
        if (rows <= capacity) {
            return;
        }
        capacity = rows;
        z = new float[layers][rows * width];
        a = new float[layers][rows * width];
        da = new float[rows * width];
        dz = new float[rows * width];
        out = new double[rows];
    }

    /** Forward pass over {@code rows} inputs (row-major [rows][inputs]) from row {@code from}. */
    private void forward(float[] x, int from, int rows) {
        ensure(rows);
        float[] input = x;
        int inOff = from * inputs;
        double[] acc = new double[width];
        for (int l = 0; l < layers; l++) {
            int din = dims[l];
            double[] w = weights[l];
            double[] b = biases[l];
            float[] zl = z[l];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b, 0, acc, 0, width);
                int base = inOff + r * din;
                for (int i = 0; i < din; i++) {
                    double xi = input[base + i];
                    int wo = i * width;
                    for (int o = 0; o < width; o++) {
                        acc[o] += xi * w[wo + o];
                    }
                }
                for (int o = 0; o < width; o++) {
                    zl[r * width + o] = (float) acc[o];
                }
            }
            activations[l].forward(zl, a[l], rows, width);
            input = a[l];
            inOff = 0;
        }
        double[] w = weights[layers];
        double b = biases[layers][0];
        float[] last = a[layers - 1];
        for (int r = 0; r < rows; r++) {
            double s = b;
            for (int i = 0; i < width; i++) {
                s += last[r * width + i] * w[i];
            }
            out[r] = s;
        }
    }

    /** Predictions for rows [from, from + rows) of x into {@code pred}. */
    void predict(float[] x, int from, int rows, double[] pred, int predOff) {
        forward(x, from, rows);
        System.arraycopy(out, 0, pred, predOff, rows);
    }

    /**
     * Forward and backward over one mini-batch: adds the gradients of the batch's mean squared
     * error into the gradient arrays and returns that error.
     */
    double trainBatch(float[] x, float[] y, int from, int rows) {
        for (HiddenActivation act : activations) {
            act.training(true);
        }
        try {
            return trainBatch0(x, y, from, rows);
        } finally {
            for (HiddenActivation act : activations) {
                act.training(false);
            }
        }
    }

    private double trainBatch0(float[] x, float[] y, int from, int rows) {
        forward(x, from, rows);
        double loss = 0;
        // d loss / d out, reusing dz as the output gradient buffer (one value per row)
        double[] dOut = new double[rows];
        for (int r = 0; r < rows; r++) {
            double e = out[r] - y[from + r];
            loss += e * e;
            dOut[r] = 2 * e / rows;
        }
        // output layer
        double[] w = weights[layers];
        double[] gw = weightGrads[layers];
        float[] last = a[layers - 1];
        double gb = 0;
        for (int r = 0; r < rows; r++) {
            double d = dOut[r];
            gb += d;
            for (int i = 0; i < width; i++) {
                gw[i] += last[r * width + i] * d;
                da[r * width + i] = (float) (d * w[i]);
            }
        }
        biasGrads[layers][0] += gb;
        double[] acc = new double[Math.max(width, inputs)];
        for (int l = layers - 1; l >= 0; l--) {
            activations[l].backward(z[l], da, dz, rows, width);
            int din = dims[l];
            double[] wl = weights[l];
            double[] gwl = weightGrads[l];
            double[] gbl = biasGrads[l];
            float[] input = l == 0 ? x : a[l - 1];
            int inOff = l == 0 ? from * inputs : 0;
            for (int r = 0; r < rows; r++) {
                int dr = r * width;
                for (int o = 0; o < width; o++) {
                    gbl[o] += dz[dr + o];
                }
                int base = inOff + r * din;
                for (int i = 0; i < din; i++) {
                    double xi = input[base + i];
                    int wo = i * width;
                    double s = 0;
                    for (int o = 0; o < width; o++) {
                        float d = dz[dr + o];
                        gwl[wo + o] += xi * d;
                        s += d * wl[wo + o];
                    }
                    acc[i] = s;
                }
                if (l > 0) {
                    for (int i = 0; i < din; i++) {
                        da[dr + i] = (float) acc[i];
                    }
                }
            }
        }
        return loss / rows;
    }

    /** Mean squared error over a whole data set (evaluated in batches). */
    double loss(float[] x, float[] y, int n, int batch) {
        double sum = 0;
        double[] pred = new double[batch];
        for (int from = 0; from < n; from += batch) {
            int rows = Math.min(batch, n - from);
            predict(x, from, rows, pred, 0);
            for (int r = 0; r < rows; r++) {
                double e = pred[r] - y[from + r];
                sum += e * e;
            }
        }
        return sum / n;
    }
}
