package org.rational4j;

import java.util.Objects;

/**
 * The immutable shape of a rational activation: version, degrees, sign(0) convention and the
 * numerator and denominator group counts. Layer-wise PAU is groups 1/1, KAT's GR-KAN is 1/8,
 * per-channel is C/C.
 */
public final class RationalSpec {
    /** Largest numerator and denominator degree the library supports. */
    public static final int MAX_DEGREE = 16;

    private final Version version;
    private final int numeratorDegree;
    private final int denominatorDegree;
    private final SignAtZero signAtZero;
    private final int numeratorGroups;
    private final int denominatorGroups;

    private RationalSpec(Version version, int m, int n, SignAtZero signAtZero, int numeratorGroups,
            int denominatorGroups) {
        this.version = Objects.requireNonNull(version, "version");
        this.signAtZero = Objects.requireNonNull(signAtZero, "signAtZero");
        if (m < 0 || m > MAX_DEGREE) {
            throw new IllegalArgumentException(
                    "numeratorDegree must be in 0.." + MAX_DEGREE + ", got " + m);
        }
        if (n < version.minDenominatorDegree() || n > MAX_DEGREE) {
            throw new IllegalArgumentException("denominatorDegree must be in "
                    + version.minDenominatorDegree() + ".." + MAX_DEGREE + " for version " + version
                    + ", got " + n);
        }
        if (numeratorGroups < 1) {
            throw new IllegalArgumentException("numeratorGroups must be at least 1, got " + numeratorGroups);
        }
        if (denominatorGroups < 1) {
            throw new IllegalArgumentException(
                    "denominatorGroups must be at least 1, got " + denominatorGroups);
        }
        this.numeratorDegree = m;
        this.denominatorDegree = n;
        this.numeratorGroups = numeratorGroups;
        this.denominatorGroups = denominatorGroups;
    }

    /** A layer-wise (one group) spec with sign(0) = +1. */
    public static RationalSpec of(Version version, int numeratorDegree, int denominatorDegree) {
        return new RationalSpec(version, numeratorDegree, denominatorDegree, SignAtZero.PLUS_ONE, 1, 1);
    }

    /** The reference default: version A, degrees (5, 4), one group. */
    public static RationalSpec pauDefault() {
        return of(Version.A, 5, 4);
    }

    public RationalSpec withGroups(int numeratorGroups, int denominatorGroups) {
        return new RationalSpec(version, numeratorDegree, denominatorDegree, signAtZero,
                numeratorGroups, denominatorGroups);
    }

    public RationalSpec withSignAtZero(SignAtZero sign) {
        return new RationalSpec(version, numeratorDegree, denominatorDegree, sign, numeratorGroups,
                denominatorGroups);
    }

    public Version version() {
        return version;
    }

    /** m: P has m + 1 coefficients a0..am. */
    public int numeratorDegree() {
        return numeratorDegree;
    }

    /** n: Q has n coefficients (versions A, B, N) or n + 1 (version C). */
    public int denominatorDegree() {
        return denominatorDegree;
    }

    public SignAtZero signAtZero() {
        return signAtZero;
    }

    public int numeratorGroups() {
        return numeratorGroups;
    }

    public int denominatorGroups() {
        return denominatorGroups;
    }

    /** Coefficients per numerator group: m + 1. */
    public int numeratorLength() {
        return numeratorDegree + 1;
    }

    /** Coefficients per denominator group: n, or n + 1 for version C. */
    public int denominatorLength() {
        return version.denominatorLength(denominatorDegree);
    }

    /**
     * Checks that {@code shape}'s channels can be split into this spec's groups.
     *
     * @throws IllegalArgumentException naming the group count and the channels
     */
    public void checkChannels(Shape shape) {
        long c = shape.channels();
        if (c % numeratorGroups != 0) {
            throw new IllegalArgumentException("numeratorGroups " + numeratorGroups
                    + " does not divide the " + c + " channels of shape " + shape);
        }
        if (c % denominatorGroups != 0) {
            throw new IllegalArgumentException("denominatorGroups " + denominatorGroups
                    + " does not divide the " + c + " channels of shape " + shape);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RationalSpec)) {
            return false;
        }
        RationalSpec s = (RationalSpec) o;
        return version == s.version && numeratorDegree == s.numeratorDegree
                && denominatorDegree == s.denominatorDegree && signAtZero == s.signAtZero
                && numeratorGroups == s.numeratorGroups && denominatorGroups == s.denominatorGroups;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, numeratorDegree, denominatorDegree, signAtZero, numeratorGroups,
                denominatorGroups);
    }

    @Override
    public String toString() {
        return "version " + version + " (" + numeratorDegree + "/" + denominatorDegree + "), groups "
                + numeratorGroups + "/" + denominatorGroups + ", sign(0) = "
                + (signAtZero == SignAtZero.PLUS_ONE ? "+1" : "0");
    }
}
