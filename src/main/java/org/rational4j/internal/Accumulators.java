package org.rational4j.internal;

import org.rational4j.RationalSpec;
import org.rational4j.Version;

/**
 * The canonical summation of docs/contract.md section 4 for one backward call: lane accumulators
 * in the working precision per chunk, a halving tree into f64 chunk partials, block partials, and
 * the fold into the caller's arrays. The pure-Java backends feed the lane accumulators (scalar
 * code through {@link ScalarKernels}, vector code directly: slot {@code s} of lane {@code l} is at
 * {@code 16 * s + l}, slots group-major) and call {@link #touch}, {@link #endChunk} and
 * {@link #endBlock}. Internal; one per call.
 */
public abstract class Accumulators {
    public static final int LANES = 16;
    public static final int CHUNK = 1024;
    public static final int BLOCK = 65536;

    protected final int numLen;
    protected final int denLen;
    protected final boolean versionA;
    protected final double[] blockNum;
    protected final double[] blockDen;
    private final int[] stampNum;
    private final int[] stampDen;
    protected final int[] touchedNum;
    protected final int[] touchedDen;
    protected int countNum;
    protected int countDen;
    private int stamp = 1;
    /** Version A's sign(b[k]) per denominator slot (+1, -1 or 0: exact), from the kernels' coefficients. */
    private final double[] signs;

    Accumulators(RationalSpec spec, double[] denominatorSigns) {
        this.signs = denominatorSigns;
        this.numLen = spec.numeratorLength();
        this.denLen = spec.denominatorLength();
        this.versionA = spec.version().formula() == Version.A;
        this.blockNum = new double[spec.numeratorGroups() * numLen];
        this.blockDen = new double[spec.denominatorGroups() * denLen];
        this.stampNum = new int[spec.numeratorGroups()];
        this.stampDen = new int[spec.denominatorGroups()];
        this.touchedNum = new int[spec.numeratorGroups()];
        this.touchedDen = new int[spec.denominatorGroups()];
    }

    /** Marks the groups of an element (or a run of elements) as present in the current chunk. */
    public final void touch(int numGroup, int denGroup) {
        if (stampNum[numGroup] != stamp) {
            stampNum[numGroup] = stamp;
            touchedNum[countNum++] = numGroup;
        }
        if (stampDen[denGroup] != stamp) {
            stampDen[denGroup] = stamp;
            touchedDen[countDen++] = denGroup;
        }
    }

    /** Reduces the touched slots' lanes into the block partials and clears them. */
    public final void endChunk() {
        reduceChunk();
        countNum = 0;
        countDen = 0;
        if (++stamp == 0) {
            java.util.Arrays.fill(stampNum, 0);
            java.util.Arrays.fill(stampDen, 0);
            stamp = 1;
        }
    }

    /** Reduces the touched slots' 16 lanes by the halving tree into the block partials. */
    private void reduceChunk() {
        for (int t = 0; t < countNum; t++) {
            int g = touchedNum[t];
            for (int s = g * numLen; s < (g + 1) * numLen; s++) {
                blockNum[s] = blockNum[s] + reduceNumerator(s);
            }
        }
        for (int t = 0; t < countDen; t++) {
            int g = touchedDen[t];
            for (int s = g * denLen; s < (g + 1) * denLen; s++) {
                double r = reduceDenominator(s);
                if (versionA) {
                    r = r * signs[s];
                }
                blockDen[s] = blockDen[s] + r;
            }
        }
    }

    /** The halving tree of numerator slot {@code s}'s lanes in f64; clears them. */
    abstract double reduceNumerator(int s);

    /** The halving tree of denominator slot {@code s}'s lanes in f64; clears them. */
    abstract double reduceDenominator(int s);

    /** Adds every block partial into the caller's arrays ({@code G = G + P}) and clears them. */
    public final void endBlock(double[] gradNumerator, double[] gradDenominator) {
        for (int s = 0; s < blockNum.length; s++) {
            gradNumerator[s] = gradNumerator[s] + blockNum[s];
            blockNum[s] = 0.0;
        }
        for (int s = 0; s < blockDen.length; s++) {
            gradDenominator[s] = gradDenominator[s] + blockDen[s];
            blockDen[s] = 0.0;
        }
    }

    /** sign(b) of each denominator coefficient, with the spec's sign(0), as f64 (exact). */
    private static double[] signs(RationalSpec spec, int n, java.util.function.IntToDoubleFunction b) {
        double sgn0 = spec.signAtZero().flags() != 0 ? 0.0 : 1.0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ScalarKernels.sign(b.applyAsDouble(i), sgn0);
        }
        return out;
    }

    /** The fixed halving tree over 16 f64 lane values starting at {@code v[o]}. */
    static double tree(double v0, double v1, double v2, double v3, double v4, double v5, double v6,
            double v7, double v8, double v9, double v10, double v11, double v12, double v13, double v14,
            double v15) {
        double a0 = v0 + v8, a1 = v1 + v9, a2 = v2 + v10, a3 = v3 + v11;
        double a4 = v4 + v12, a5 = v5 + v13, a6 = v6 + v14, a7 = v7 + v15;
        double b0 = a0 + a4, b1 = a1 + a5, b2 = a2 + a6, b3 = a3 + a7;
        double c0 = b0 + b2, c1 = b1 + b3;
        return c0 + c1;
    }

    /** f32 lane accumulators (f32, bf16, f16 data). */
    public static final class F32 extends Accumulators {
        public final float[] num;
        public final float[] den;

        /** @param den32 the denominator coefficients in f32, for version A's sign(b[k]) */
        public F32(RationalSpec spec, float[] den32) {
            super(spec, signs(spec, den32.length, i -> den32[i]));
            this.num = new float[spec.numeratorGroups() * numLen * LANES];
            this.den = new float[spec.denominatorGroups() * denLen * LANES];
        }

        @Override
        double reduceNumerator(int s) {
            return reduce(num, s * LANES);
        }

        @Override
        double reduceDenominator(int s) {
            return reduce(den, s * LANES);
        }

        private static double reduce(float[] v, int o) {
            double r = tree(v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6], v[o + 7],
                    v[o + 8], v[o + 9], v[o + 10], v[o + 11], v[o + 12], v[o + 13], v[o + 14], v[o + 15]);
            java.util.Arrays.fill(v, o, o + LANES, 0f);
            return r;
        }
    }

    /** f64 lane accumulators (f64 data). */
    public static final class F64 extends Accumulators {
        public final double[] num;
        public final double[] den;

        public F64(RationalSpec spec, double[] den64) {
            super(spec, signs(spec, den64.length, i -> den64[i]));
            this.num = new double[spec.numeratorGroups() * numLen * LANES];
            this.den = new double[spec.denominatorGroups() * denLen * LANES];
        }

        @Override
        double reduceNumerator(int s) {
            return reduce(num, s * LANES);
        }

        @Override
        double reduceDenominator(int s) {
            return reduce(den, s * LANES);
        }

        private static double reduce(double[] v, int o) {
            double r = tree(v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6], v[o + 7],
                    v[o + 8], v[o + 9], v[o + 10], v[o + 11], v[o + 12], v[o + 13], v[o + 14], v[o + 15]);
            java.util.Arrays.fill(v, o, o + LANES, 0.0);
            return r;
        }
    }
}
