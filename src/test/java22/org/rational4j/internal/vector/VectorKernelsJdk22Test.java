package org.rational4j.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.SignAtZero;
import org.rational4j.Version;

/**
 * The vector backend's backward paths, each in both modes of {@link VectorKernels.Warmup} (scalar
 * code with vector probes, and the vector kernels), bit for bit against the scalar backend: long
 * runs with unaligned starts, one group, per-channel channels-last (the per-lane table kernel,
 * C in {3, 16, 17, 768}), and a short-run layout the table kernel does not take.
 */
class VectorKernelsJdk22Test {

    @AfterAll
    static void reset() {
        VectorKernels.forceWarm(false);
    }

    private record Layout(Shape shape, int numGroups, int denGroups) {
    }

    private static List<Layout> layouts() {
        List<Layout> out = new ArrayList<>();
        for (int c : new int[] {3, 16, 17, 768}) {
            out.add(new Layout(Shape.channelsLast(70_400 / c + 1, c), c, c));
        }
        out.add(new Layout(Shape.channelsLast(600, 8), 4, 8));     // short runs, not per-lane
        out.add(new Layout(Shape.of(41, 8, 37), 2, 4));            // long runs, unaligned starts
        out.add(new Layout(Shape.flat(66_000), 1, 1));
        out.add(new Layout(Shape.channelsLast(5, 3), 3, 3));        // shorter than a vector
        return out;
    }

    @Test
    void backwardMatchesScalarInBothModes() {
        Random r = new Random(7);
        int[][] degrees = {{5, 4}, {3, 2}, {0, 1}, {7, 6}};
        for (boolean warm : new boolean[] {true, false}) {
            VectorKernels.forceWarm(warm);
            int c = 0;
            for (Layout l : layouts()) {
                for (Version v : Version.values()) {
                    int[] d = degrees[c++ % degrees.length];
                    RationalSpec spec = RationalSpec.of(v, d[0], d[1]).withGroups(l.numGroups, l.denGroups)
                            .withSignAtZero(c % 3 == 0 ? SignAtZero.ZERO : SignAtZero.PLUS_ONE);
                    DType dtype = DType.values()[c % DType.values().length];
                    check(r, spec, l.shape, dtype, "warm " + warm + " " + v + " " + spec + " " + l.shape + " " + dtype);
                }
            }
        }
    }

    /** Mostly normal values, some zeros and extremes; NaN and infinity rare enough to leave most sums finite. */
    private static double value(Random r) {
        if (r.nextInt(40) == 0) {
            return new double[] {0.0, -0.0, 3e4, -3e4, 1e-30}[r.nextInt(5)];
        }
        if (r.nextInt(50_000) == 0) {
            return r.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY;
        }
        return r.nextGaussian() * 2;
    }

    private static void check(Random r, RationalSpec spec, Shape shape, DType dtype, String what) {
        double[] num = new double[spec.numeratorGroups() * spec.numeratorLength()];
        double[] den = new double[spec.denominatorGroups() * spec.denominatorLength()];
        for (int i = 0; i < num.length; i++) {
            num[i] = r.nextInt(20) == 0 ? 0.0 : r.nextGaussian();
        }
        for (int i = 0; i < den.length; i++) {
            den[i] = r.nextInt(20) == 0 ? 0.0 : r.nextGaussian();
        }
        Coefficients coef = Coefficients.of(spec, num, den);
        RationalActivation vec = RationalActivation.builder(coef).backend("vector").parallelThreshold(Long.MAX_VALUE)
                .build();
        RationalActivation ref = RationalActivation.builder(coef).backend("scalar").parallelThreshold(Long.MAX_VALUE)
                .build();
        int n = (int) shape.size();
        Gradients gv = new Gradients(spec);
        Gradients gr = new Gradients(spec);
        switch (dtype) {
            case F64: {
                double[] x = new double[n];
                double[] dy = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = value(r);
                    dy[i] = value(r);
                }
                double[] dxv = new double[n];
                double[] dxr = new double[n];
                vec.backward(x, 0, dy, 0, dxv, 0, shape, gv);
                ref.backward(x, 0, dy, 0, dxr, 0, shape, gr);
                for (int i = 0; i < n; i++) {
                    same(dxr[i], dxv[i], what + " dx[" + i + "]");
                }
                break;
            }
            case F32: {
                float[] x = new float[n];
                float[] dy = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (float) value(r);
                    dy[i] = (float) value(r);
                }
                float[] dxv = new float[n];
                float[] dxr = new float[n];
                vec.backward(x, 0, dy, 0, dxv, 0, shape, gv);
                ref.backward(x, 0, dy, 0, dxr, 0, shape, gr);
                for (int i = 0; i < n; i++) {
                    same(dxr[i], dxv[i], what + " dx[" + i + "]");
                }
                break;
            }
            default: {
                short[] x = new short[n];
                short[] dy = new short[n];
                for (int i = 0; i < n; i++) {
                    x[i] = half((float) value(r), dtype);
                    dy[i] = half((float) value(r), dtype);
                }
                short[] dxv = new short[n];
                short[] dxr = new short[n];
                vec.backward(x, 0, dy, 0, dxv, 0, shape, dtype, gv);
                ref.backward(x, 0, dy, 0, dxr, 0, shape, dtype, gr);
                for (int i = 0; i < n; i++) {
                    float a = dtype == DType.BF16 ? Float.intBitsToFloat(dxr[i] << 16) : Float.float16ToFloat(dxr[i]);
                    float b = dtype == DType.BF16 ? Float.intBitsToFloat(dxv[i] << 16) : Float.float16ToFloat(dxv[i]);
                    same(a, b, what + " dx[" + i + "]");
                }
                break;
            }
        }
        for (int i = 0; i < gr.numerator().length; i++) {
            same(gr.numerator()[i], gv.numerator()[i], what + " dNum[" + i + "]");
        }
        for (int i = 0; i < gr.denominator().length; i++) {
            same(gr.denominator()[i], gv.denominator()[i], what + " dDen[" + i + "]");
        }
    }

    private static short half(float f, DType dtype) {
        return dtype == DType.BF16 ? (short) (Float.floatToRawIntBits(f) >>> 16) : Float.floatToFloat16(f);
    }

    private static void same(double want, double got, String what) {
        if (!(Double.isNaN(want) && Double.isNaN(got))
                && Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
            fail(what + ": want " + want + " got " + got);
        }
    }

    private static void same(float want, float got, String what) {
        if (!(Float.isNaN(want) && Float.isNaN(got)) && Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
            assertEquals(want, got, what);
        }
    }
}
