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
 * The vector backend's paths, each in both modes of {@link Warmup} (scalar code with vector
 * probes, and the vector kernels), bit for bit against the scalar backend: backward on long runs
 * with unaligned starts, one group, per-channel channels-last (the per-lane table kernel, C in
 * {3, 16, 17, 768}), a short-run layout the table kernel does not take; forward on the same
 * layouts. Versions rotate over the degrees, so each meets (5, 4) (the straight kernels of
 * {@link KernelsA54} for version A) and others (the generic kernels). This JVM's vector width is
 * covered here; {@link VectorWidthsJdk22Test} runs the same checks at the other widths.
 */
class VectorKernelsJdk22Test {

    @AfterAll
    static void reset() {
        Warmup.forceAll(false);
    }

    /**
     * The checks of this class in a JVM of its own (for {@link VectorWidthsJdk22Test}): exits 0
     * and prints the width when all pass, else prints the failure and exits 1.
     */
    public static void main(String[] args) {
        try {
            checkForward();
            checkBackward();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("bits=" + Lanes.BITS);
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
        checkBackward();
    }

    @Test
    void forwardMatchesScalarInBothModes() {
        checkForward();
    }

    /** Other degrees than (5, 4), for the generic kernels. */
    private static final int[][] GENERIC = {{3, 2}, {0, 1}, {7, 6}};
    /** Data types of the (5, 4) checks, f32 (the straight kernels on the arrays themselves) most. */
    private static final DType[] TYPES = {DType.F32, DType.BF16, DType.F32, DType.F16, DType.F64};

    /** Each layout and version twice: degrees (5, 4), and generic degrees, types rotating. */
    private static List<Object[]> cases(List<Layout> layouts) {
        List<Object[]> out = new ArrayList<>();
        for (int li = 0; li < layouts.size(); li++) {
            Layout l = layouts.get(li);
            for (Version v : Version.values()) {
                int vi = v.ordinal();
                RationalSpec s54 = RationalSpec.of(v, 5, 4).withGroups(l.numGroups, l.denGroups);
                out.add(new Object[] {l, s54, TYPES[(li + vi) % TYPES.length]});
                int[] d = GENERIC[(li + vi) % GENERIC.length];
                RationalSpec sg = RationalSpec.of(v, d[0], d[1]).withGroups(l.numGroups, l.denGroups);
                out.add(new Object[] {l, sg, DType.values()[(li + 2 * vi + 1) % DType.values().length]});
            }
        }
        return out;
    }

    static void checkBackward() {
        Random r = new Random(7);
        for (boolean warm : new boolean[] {true, false}) {
            Warmup.forceAll(warm);
            int c = 0;
            for (Object[] k : cases(layouts())) {
                Layout l = (Layout) k[0];
                RationalSpec spec = ((RationalSpec) k[1])
                        .withSignAtZero(c++ % 3 == 0 ? SignAtZero.ZERO : SignAtZero.PLUS_ONE);
                DType dtype = (DType) k[2];
                check(r, spec, l.shape, dtype, what(warm, spec, l.shape, dtype));
            }
        }
        Warmup.forceAll(false);
    }

    static void checkForward() {
        Random r = new Random(11);
        List<Layout> layouts = layouts();
        layouts.add(new Layout(Shape.flat(3 * VectorKernels.FORWARD_PIECE + 37), 1, 1));   // several warm-up pieces
        for (boolean warm : new boolean[] {true, false}) {
            Warmup.forceAll(warm);
            for (Object[] k : cases(layouts)) {
                Layout l = (Layout) k[0];
                RationalSpec spec = (RationalSpec) k[1];
                DType dtype = (DType) k[2];
                checkForward(r, spec, l.shape, dtype, "forward " + what(warm, spec, l.shape, dtype));
            }
        }
        Warmup.forceAll(false);
    }

    private static String what(boolean warm, RationalSpec spec, Shape shape, DType dtype) {
        return Lanes.BITS + "-bit, warm " + warm + " " + spec + " " + shape + " " + dtype;
    }

    private static void checkForward(Random r, RationalSpec spec, Shape shape, DType dtype, String what) {
        RationalActivation[] pair = pair(r, spec);
        int n = (int) shape.size();
        switch (dtype) {
            case F64: {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = value(r);
                }
                double[] yv = new double[n];
                double[] yr = new double[n];
                pair[0].forward(x, 0, yv, 0, shape);
                pair[1].forward(x, 0, yr, 0, shape);
                for (int i = 0; i < n; i++) {
                    same(yr[i], yv[i], what + " y[" + i + "]");
                }
                break;
            }
            case F32: {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (float) value(r);
                }
                float[] yv = new float[n];
                float[] yr = new float[n];
                pair[0].forward(x, 0, yv, 0, shape);
                pair[1].forward(x, 0, yr, 0, shape);
                for (int i = 0; i < n; i++) {
                    same(yr[i], yv[i], what + " y[" + i + "]");
                }
                break;
            }
            default: {
                short[] x = new short[n];
                for (int i = 0; i < n; i++) {
                    x[i] = half((float) value(r), dtype);
                }
                short[] yv = new short[n];
                short[] yr = new short[n];
                pair[0].forward(x, 0, yv, 0, shape, dtype);
                pair[1].forward(x, 0, yr, 0, shape, dtype);
                for (int i = 0; i < n; i++) {
                    same(widen(yr[i], dtype), widen(yv[i], dtype), what + " y[" + i + "]");
                }
                break;
            }
        }
    }

    /** The vector and the scalar activation on the same random coefficients (some zeros). */
    private static RationalActivation[] pair(Random r, RationalSpec spec) {
        double[] num = new double[spec.numeratorGroups() * spec.numeratorLength()];
        double[] den = new double[spec.denominatorGroups() * spec.denominatorLength()];
        for (int i = 0; i < num.length; i++) {
            num[i] = r.nextInt(20) == 0 ? 0.0 : r.nextGaussian();
        }
        for (int i = 0; i < den.length; i++) {
            den[i] = r.nextInt(20) == 0 ? 0.0 : r.nextGaussian();
        }
        Coefficients coef = Coefficients.of(spec, num, den);
        return new RationalActivation[] {
            RationalActivation.builder(coef).backend("vector").parallelThreshold(Long.MAX_VALUE).build(),
            RationalActivation.builder(coef).backend("scalar").parallelThreshold(Long.MAX_VALUE).build()};
    }

    private static float widen(short h, DType dtype) {
        return dtype == DType.BF16 ? Float.intBitsToFloat(h << 16) : Float.float16ToFloat(h);
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
        RationalActivation[] pair = pair(r, spec);
        RationalActivation vec = pair[0];
        RationalActivation ref = pair[1];
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
                    same(widen(dxr[i], dtype), widen(dxv[i], dtype), what + " dx[" + i + "]");
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
