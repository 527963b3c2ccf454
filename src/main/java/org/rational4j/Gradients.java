package org.rational4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * Caller-owned f64 accumulators for the coefficient gradients, shaped like {@link Coefficients}.
 * Backward calls add into them (so a training loop can sum over batches); {@link #zero()} clears
 * them. Not thread-safe: give each concurrent backward call its own.
 */
public final class Gradients {
    private final RationalSpec spec;
    private final double[] numerator;
    private final double[] denominator;

    public Gradients(RationalSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.numerator = new double[spec.numeratorGroups() * spec.numeratorLength()];
        this.denominator = new double[spec.denominatorGroups() * spec.denominatorLength()];
    }

    public RationalSpec spec() {
        return spec;
    }

    /** The live numerator accumulator, {@code [numeratorGroups][m + 1]}. */
    public double[] numerator() {
        return numerator;
    }

    /** The live denominator accumulator, {@code [denominatorGroups][nb]}. */
    public double[] denominator() {
        return denominator;
    }

    public void zero() {
        Arrays.fill(numerator, 0.0);
        Arrays.fill(denominator, 0.0);
    }

    @Override
    public String toString() {
        return "gradients: numerator " + Arrays.toString(numerator) + ", denominator "
                + Arrays.toString(denominator);
    }
}
