package org.rational4j;

import java.util.SplittableRandom;

/**
 * Version D's training noise, as the reference library ({@code rational_activations}) applies it in
 * training mode: every numerator coefficient a_i is multiplied by its own factor u_i, uniform in
 * [1 - deviation, 1 + deviation], drawn afresh for each training step; the denominator is B's,
 * untouched. Outside a training step version D is exactly B.
 *
 * <p>Unlike the reference, the draw is reproducible: the factors of a step depend only on
 * {@code (seed, step)}, so a run repeats bit for bit and every backend sees the same noised
 * coefficients. Use it through {@link RationalActivation#trainingStep(TrainingNoise, long)}.
 * Immutable.
 */
public final class TrainingNoise {
    /** The reference's default deviation ({@code random_deviation=0.1}). */
    public static final double REFERENCE_DEVIATION = 0.1;

    private final double deviation;
    private final long seed;

    private TrainingNoise(double deviation, long seed) {
        this.deviation = deviation;
        this.seed = seed;
    }

    /**
     * @param deviation half-width of the factors' range around 1, in [0, 1)
     * @param seed      the stream of draws; the same seed and step give the same factors
     * @throws IllegalArgumentException for a deviation outside [0, 1) or NaN
     */
    public static TrainingNoise of(double deviation, long seed) {
        if (!(deviation >= 0 && deviation < 1)) {
            throw new IllegalArgumentException("deviation must be in [0, 1), got " + deviation
                    + "; the reference uses " + REFERENCE_DEVIATION);
        }
        return new TrainingNoise(deviation, seed);
    }

    /** {@link #REFERENCE_DEVIATION} with the given seed. */
    public static TrainingNoise reference(long seed) {
        return of(REFERENCE_DEVIATION, seed);
    }

    public double deviation() {
        return deviation;
    }

    public long seed() {
        return seed;
    }

    /**
     * The factors of training step {@code step}: {@code count} values in [1 - deviation,
     * 1 + deviation], one per numerator coefficient in the coefficients' group-major order.
     */
    public double[] factors(long step, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        // one stream per step: a step's draw does not depend on which steps ran before
        SplittableRandom r = new SplittableRandom(mix(seed ^ mix(step)));
        double[] u = new double[count];
        for (int i = 0; i < count; i++) {
            double t = (r.nextLong() >>> 11) * 0x1.0p-53; // uniform in [0, 1), spelled out: no JDK-version drift
            u[i] = (1 - deviation) + (2 * deviation) * t;
        }
        return u;
    }

    /** A 64-bit finaliser (the MurmurHash3 one) so that nearby steps seed unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb53e6ca1a265L;
        return z ^ (z >>> 33);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingNoise t && Double.compare(t.deviation, deviation) == 0 && t.seed == seed;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(deviation) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "training noise: deviation " + deviation + ", seed " + seed;
    }
}
