package org.rational4j;

/**
 * The rational forms of the reference implementation ({@code rational_activations}); see
 * docs/contract.md for the exact formulas.
 */
public enum Version {
    /** Safe PAU, the reference default: Q = 1 + sum |b_k| |x|^(k+1). */
    A(0),
    /** Q = 1 + |S|, S = sum b_k x^(k+1). */
    B(1),
    /** Q = 0.1 + |S|, S = sum b_k x^k, with n + 1 denominator coefficients. */
    C(2),
    /** Not safe (may have poles): Q = 1 + sum b_k x^(k+1). */
    N(3),
    /**
     * B with the reference's training noise: in a training step ({@link TrainingNoise}) the numerator
     * coefficients are multiplied by seeded uniform noise in [1 - d, 1 + d]; otherwise exactly B.
     */
    D(B);

    private final int code;
    /** The version whose formula the kernels run; null for the formula versions themselves. */
    private final Version evaluatesAs;

    Version(int code) {
        this.code = code;
        this.evaluatesAs = null;
    }

    Version(Version evaluatesAs) {
        this.code = evaluatesAs.code;
        this.evaluatesAs = evaluatesAs;
    }

    /**
     * The value of this version's formula in the C ABI ({@code R4J_VERSION_*}); D runs B's formula,
     * so it passes B's value (its noise is applied to the coefficients before any kernel runs).
     */
    public int code() {
        return code;
    }

    /** The version whose formula the kernels evaluate: this one, except D, which evaluates as B. */
    public Version formula() {
        return evaluatesAs == null ? this : evaluatesAs;
    }

    /** Smallest denominator degree this version accepts. */
    public int minDenominatorDegree() {
        return this == C ? 0 : 1;
    }

    /** Number of denominator coefficients for denominator degree {@code n}. */
    public int denominatorLength(int n) {
        return this == C ? n + 1 : n;
    }

    /**
     * The denominator degree that {@code length} denominator coefficients give: the inverse of
     * {@link #denominatorLength(int)} (C counts its constant term b_0).
     */
    public int denominatorDegree(int length) {
        return this == C ? length - 1 : length;
    }

    /** Parses "A", "b", "version_c" and the like. */
    public static Version parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("VERSION_")) {
            t = t.substring("VERSION_".length());
        }
        for (Version v : values()) {
            if (v.name().equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("version: unknown '" + text + "'; use one of A, B, C, D, N");
    }
}
