package org.rational4j.internal;

import org.rational4j.Coefficients;
import org.rational4j.RationalSpec;

/**
 * One activation's coefficients prepared once for every backend: the f64 master values and their
 * f32 roundings ({@code (float)}), group-major. Immutable and shared between threads; a backend
 * may cache its own form (for example off-heap copies) in {@link #nativeCache}.
 * Internal: not part of the public API.
 */
public final class Plan {
    public final RationalSpec spec;
    public final double[] numerator64;
    public final double[] denominator64;
    public final float[] numerator32;
    public final float[] denominator32;
    /** Set at most once by a native backend (benign race: every value written is equivalent). */
    public volatile Object nativeCache;
    /** Set by the pure-Java vector backend (per-lane coefficient tables for one layout; same benign race). */
    public volatile Object javaCache;

    public Plan(Coefficients coefficients) {
        this.spec = coefficients.spec();
        this.numerator64 = coefficients.numerator();
        this.denominator64 = coefficients.denominator();
        this.numerator32 = toFloat(numerator64);
        this.denominator32 = toFloat(denominator64);
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
