package org.rational4j.cli;

import org.rational4j.Coefficients;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.TrainingNoise;
import org.rational4j.Version;

/**
 * A learnable rational activation for {@link Mlp}: forward and backward run through this library's
 * {@link RationalActivation} on the channels-last {@code [rows, width]} pre-activations; the
 * coefficient gradients come from {@link RationalActivation#backward}.
 */
final class RationalHidden implements HiddenActivation {
    private final String label;
    private final RationalSpec spec;
    private final Coefficients initial;
    private final double[] parameters;
    private final double[] gradients;
    private final Gradients grads;
    private final int numeratorLength;
    private RationalActivation activation;
    /** Version D: the seeded numerator noise of training batches; null for other versions. */
    private final TrainingNoise noise;
    private long step;
    /** What forward and backward run: {@link #activation}, or a training step of it (version D). */
    private RationalActivation running;

    private final String initialName;

    RationalHidden(String label, String initialName, Coefficients initial, String backend, long noiseSeed) {
        this.label = label;
        this.initialName = initialName;
        this.initial = initial;
        this.spec = initial.spec();
        double[] num = initial.numerator();
        double[] den = initial.denominator();
        numeratorLength = num.length;
        parameters = new double[num.length + den.length];
        System.arraycopy(num, 0, parameters, 0, num.length);
        System.arraycopy(den, 0, parameters, num.length, den.length);
        gradients = new double[parameters.length];
        grads = new Gradients(spec);
        activation = RationalActivation.builder(initial).backend(backend).build();
        running = activation;
        noise = spec.version() == Version.D ? TrainingNoise.reference(noiseSeed) : null;
    }

    @Override
    public void training(boolean on) {
        running = on && noise != null ? activation.trainingStep(noise, step++) : activation;
    }

    @Override
    public String name() {
        return label;
    }

    String backendName() {
        return activation.backendName();
    }

    String initialName() {
        return initialName;
    }

    String backendDescription() {
        return activation.backendName() + " (" + activation.backendDescription() + ")";
    }

    Coefficients initial() {
        return initial;
    }

    Coefficients current() {
        double[] num = java.util.Arrays.copyOfRange(parameters, 0, numeratorLength);
        double[] den = java.util.Arrays.copyOfRange(parameters, numeratorLength, parameters.length);
        return Coefficients.of(spec, num, den);
    }

    @Override
    public void forward(float[] z, float[] a, int rows, int width) {
        running.forward(z, 0, a, 0, Shape.channelsLast(rows, width));
    }

    @Override
    public void backward(float[] z, float[] da, float[] dz, int rows, int width) {
        grads.zero();
        running.backward(z, 0, da, 0, dz, 0, Shape.channelsLast(rows, width), grads);
        double[] gn = grads.numerator();
        double[] gd = grads.denominator();
        for (int i = 0; i < gn.length; i++) {
            gradients[i] += gn[i];
        }
        for (int i = 0; i < gd.length; i++) {
            gradients[numeratorLength + i] += gd[i];
        }
    }

    @Override
    public double[] parameters() {
        return parameters;
    }

    @Override
    public double[] gradients() {
        return gradients;
    }

    @Override
    public void parametersChanged() {
        activation = activation.withCoefficients(current());
        running = activation;
    }

    @Override
    public double evaluate(double x) {
        return activation.evaluate(x);
    }
}
