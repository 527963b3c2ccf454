package org.rational4j.cli;

/**
 * The activation after a hidden dense layer of {@link Mlp}: element-wise on a channels-last
 * {@code [rows, width]} block, possibly with learnable parameters.
 */
interface HiddenActivation {
    String name();

    /** a = f(z) for {@code rows * width} values. */
    void forward(float[] z, float[] a, int rows, int width);

    /** dz = f'(z) * da; adds the gradients of this activation's parameters into {@link #gradients()}. */
    void backward(float[] z, float[] da, float[] dz, int rows, int width);

    /** The learnable parameters (live; empty for fixed activations). */
    default double[] parameters() {
        return new double[0];
    }

    /** The gradient accumulators, shaped like {@link #parameters()} (live). */
    default double[] gradients() {
        return new double[0];
    }

    /**
     * Called before the forward of a training batch: {@code true} until the batch's backward has
     * run, then {@code false} (a rational of version D puts its training noise on in between).
     */
    default void training(boolean on) {
    }

    /** Called after the optimizer has changed {@link #parameters()} in place. */
    default void parametersChanged() {
    }

    /** f at one point (for plots). */
    double evaluate(double x);

    /** ReLU. */
    final class Relu implements HiddenActivation {
        @Override
        public String name() {
            return "ReLU";
        }

        @Override
        public void forward(float[] z, float[] a, int rows, int width) {
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                a[i] = z[i] > 0f ? z[i] : 0f;
            }
        }

        @Override
        public void backward(float[] z, float[] da, float[] dz, int rows, int width) {
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                dz[i] = z[i] > 0f ? da[i] : 0f;
            }
        }

        @Override
        public double evaluate(double x) {
            return Math.max(0, x);
        }
    }

    /** GELU in its tanh approximation (as {@code torch.nn.GELU(approximate='tanh')}). */
    final class Gelu implements HiddenActivation {
        private static final double K = Math.sqrt(2 / Math.PI);

        @Override
        public String name() {
            return "GELU";
        }

        @Override
        public void forward(float[] z, float[] a, int rows, int width) {
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                a[i] = (float) evaluate(z[i]);
            }
        }

        @Override
        public void backward(float[] z, float[] da, float[] dz, int rows, int width) {
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                double x = z[i];
                double u = K * (x + 0.044715 * x * x * x);
                double t = Math.tanh(u);
                double d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * 0.044715 * x * x);
                dz[i] = (float) (d * da[i]);
            }
        }

        @Override
        public double evaluate(double x) {
            return 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x)));
        }
    }
}
