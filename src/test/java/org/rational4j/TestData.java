package org.rational4j;

import java.util.Random;

import org.rational4j.internal.Half;

/** Random coefficients and tensors for the tests, including the awkward values. */
final class TestData {
    private TestData() {
    }

    static Coefficients randomCoefficients(Random r, RationalSpec spec) {
        double[] num = new double[spec.numeratorGroups() * spec.numeratorLength()];
        double[] den = new double[spec.denominatorGroups() * spec.denominatorLength()];
        for (int i = 0; i < num.length; i++) {
            num[i] = r.nextGaussian() / (1 + i % spec.numeratorLength());
        }
        for (int i = 0; i < den.length; i++) {
            den[i] = r.nextGaussian() / (1 + i % spec.denominatorLength());
        }
        // an exact zero coefficient exercises sign(0) for version A
        if (r.nextInt(3) == 0) {
            den[r.nextInt(den.length)] = 0.0;
        }
        return Coefficients.of(spec, num, den);
    }

    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 1e-30, -1e-30, 3e4, -3e4, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-45, 65504, 1e38};

    /** Mostly uniform in [-4, 4], a few special values. */
    static double value(Random r) {
        if (r.nextInt(50) == 0) {
            return SPECIAL[r.nextInt(SPECIAL.length)];
        }
        return (r.nextDouble() * 2 - 1) * 4;
    }

    static double[] doubles(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = value(r);
        }
        return out;
    }

    static float[] floats(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) value(r);
        }
        return out;
    }

    static short[] halves(Random r, int n, DType type) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            float f = (float) value(r);
            out[i] = type == DType.BF16 ? Half.floatToBf16(f) : Half.floatToF16(f);
        }
        return out;
    }

    /** Bit equality, any NaN equal to any NaN. */
    static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (a != a && b != b);
    }

    static boolean same(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) || (a != a && b != b);
    }

    static boolean sameHalf(short a, short b, DType type) {
        if (a == b) {
            return true;
        }
        float fa = type == DType.BF16 ? Half.bf16ToFloat(a) : Half.f16ToFloat(a);
        float fb = type == DType.BF16 ? Half.bf16ToFloat(b) : Half.f16ToFloat(b);
        return fa != fa && fb != fb;
    }

    static String firstDifference(double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            if (!same(want[i], got[i])) {
                return "at " + i + ": want " + want[i] + ", got " + got[i];
            }
        }
        return null;
    }

    static String firstDifference(float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (!same(want[i], got[i])) {
                return "at " + i + ": want " + want[i] + ", got " + got[i];
            }
        }
        return null;
    }

    static String firstDifference(short[] want, short[] got, DType type) {
        for (int i = 0; i < want.length; i++) {
            if (!sameHalf(want[i], got[i], type)) {
                return "at " + i + ": want 0x" + Integer.toHexString(want[i] & 0xFFFF) + ", got 0x"
                        + Integer.toHexString(got[i] & 0xFFFF);
            }
        }
        return null;
    }
}
