package org.rational4j.coefficients;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.rational4j.RationalSpec;

/**
 * What to fit: a target function, the rational's spec (version and degrees; one group), the
 * interval [lower, upper), the number of grid points x_i = lower + i (upper - lower) / points
 * (default 100,000, as rational_activations), the mode and the seed of the random restarts.
 */
public record FitRequest(DoubleUnaryOperator target, String targetName, RationalSpec spec, double lower,
        double upper, int points, FitMode mode, long seed, int restarts) {

    public static final int DEFAULT_POINTS = 100_000;
    public static final int DEFAULT_RESTARTS = 4;

    public FitRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(mode, "mode");
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] is not finite and non-empty");
        }
        if (points < 10) {
            throw new IllegalArgumentException("points must be at least 10, got " + points);
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
        }
        if (spec.numeratorGroups() != 1 || spec.denominatorGroups() != 1) {
            throw new IllegalArgumentException("a fit is for one group; got " + spec);
        }
    }

    /** A builder for the target called {@code targetName} in {@link Targets}. */
    public static Builder builder(String targetName, RationalSpec spec) {
        return new Builder(Targets.byName(targetName), Targets.canonical(targetName), spec);
    }

    /** A builder for any target function. */
    public static Builder builder(DoubleUnaryOperator target, RationalSpec spec) {
        return new Builder(target, null, spec);
    }

    /** Builds {@link FitRequest}s; defaults: [-3, 3), 100,000 points, least squares, seed 0, 4 restarts. */
    public static final class Builder {
        private final DoubleUnaryOperator target;
        private final String targetName;
        private final RationalSpec spec;
        private double lower = -3;
        private double upper = 3;
        private int points = DEFAULT_POINTS;
        private FitMode mode = FitMode.LEAST_SQUARES;
        private long seed;
        private int restarts = DEFAULT_RESTARTS;

        private Builder(DoubleUnaryOperator target, String targetName, RationalSpec spec) {
            this.target = target;
            this.targetName = targetName;
            this.spec = spec;
        }

        public Builder interval(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
            return this;
        }

        public Builder points(int points) {
            this.points = points;
            return this;
        }

        public Builder mode(FitMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Random restarts after the deterministic starts (default 4). */
        public Builder restarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        public FitRequest build() {
            return new FitRequest(target, targetName, spec, lower, upper, points, mode, seed, restarts);
        }
    }
}
