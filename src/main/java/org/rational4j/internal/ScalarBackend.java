package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;

/**
 * {@code scalar}: the pure-Java reference backend. Runs {@link ScalarKernels} on every element,
 * one tile of {@value #TILE} elements at a time (read through {@link Operand}'s tile access, so
 * it supports every operand kind, segments included), and sums the coefficient gradients with
 * {@link Accumulators} in the canonical order. Always available, on every JDK.
 */
public final class ScalarBackend implements Backend {
    /** Elements per tile: one chunk of docs/contract.md section 4. */
    static final int TILE = Accumulators.CHUNK;

    private ScalarBackend() {
    }

    public static Backend create() {
        return new ScalarBackend();
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String describe() {
        return "scalar (pure Java, Math.fma; Java " + Runtime.version().feature() + ")";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    /** Throws unless [begin, end) is a valid backward range (docs/contract.md section 4). */
    public static void checkBackwardRange(Shape shape, long begin, long end) {
        if (begin < 0 || end > shape.size() || begin >= end || begin % Accumulators.BLOCK != 0
                || (end % Accumulators.BLOCK != 0 && end != shape.size())) {
            throw new IllegalArgumentException("backward range [" + begin + ", " + end
                    + ") is not block-aligned in a tensor of " + shape.size() + " elements");
        }
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        RationalSpec spec = plan.spec;
        Version v = spec.version().formula();
        int m = spec.numeratorDegree();
        int n = spec.denominatorDegree();
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        GroupCursor cur = new GroupCursor(spec, shape, begin);
        if (dtype == DType.F64) {
            double[] a = plan.numerator64;
            double[] b = plan.denominator64;
            double[] xs = new double[(int) Math.min(TILE, end - begin)];
            double[] ys = new double[xs.length];
            for (long t = begin; t < end; t += TILE) {
                int len = (int) Math.min(TILE, end - t);
                x.readDoubles(t, xs, 0, len);
                for (int i = 0; i < len; i++) {
                    ys[i] = ScalarKernels.forward(v, xs[i], a, cur.num * numLen, m, b, cur.den * denLen, n);
                    cur.advance();
                }
                y.writeDoubles(t, ys, 0, len);
            }
        } else {
            float[] a = plan.numerator32;
            float[] b = plan.denominator32;
            float[] xs = new float[(int) Math.min(TILE, end - begin)];
            float[] ys = new float[xs.length];
            for (long t = begin; t < end; t += TILE) {
                int len = (int) Math.min(TILE, end - t);
                x.readFloats(dtype, t, xs, 0, len);
                for (int i = 0; i < len; i++) {
                    ys[i] = ScalarKernels.forward(v, xs[i], a, cur.num * numLen, m, b, cur.den * denLen, n);
                    cur.advance();
                }
                y.writeFloats(dtype, t, ys, 0, len);
            }
        }
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        checkBackwardRange(shape, begin, end);
        RationalSpec spec = plan.spec;
        Version v = spec.version().formula();
        int m = spec.numeratorDegree();
        int n = spec.denominatorDegree();
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        int lanes = Accumulators.LANES;
        GroupCursor cur = new GroupCursor(spec, shape, begin);
        if (dtype == DType.F64) {
            double sgn0 = spec.signAtZero().flags() != 0 ? 0.0 : 1.0;
            double[] a = plan.numerator64;
            double[] b = plan.denominator64;
            Accumulators.F64 acc = new Accumulators.F64(spec, b);
            double[] xs = new double[(int) Math.min(TILE, end - begin)];
            double[] gs = new double[xs.length];
            for (long t = begin; t < end; t += TILE) {
                int len = (int) Math.min(TILE, end - t);
                x.readDoubles(t, xs, 0, len);
                dy.readDoubles(t, gs, 0, len);
                for (int i = 0; i < len; i++) {
                    int ng = cur.num;
                    int dg = cur.den;
                    acc.touch(ng, dg);
                    int lane = i & (lanes - 1);
                    gs[i] = ScalarKernels.backward(v, sgn0, xs[i], gs[i], a, ng * numLen, m, b, dg * denLen, n,
                            acc.num, ng * numLen * lanes + lane, acc.den, dg * denLen * lanes + lane);
                    cur.advance();
                }
                dx.writeDoubles(t, gs, 0, len);
                acc.endChunk();
                if ((t + len) % Accumulators.BLOCK == 0 || t + len == end) {
                    acc.endBlock(gradNumerator, gradDenominator);
                }
            }
        } else {
            float sgn0 = spec.signAtZero().flags() != 0 ? 0f : 1f;
            float[] a = plan.numerator32;
            float[] b = plan.denominator32;
            Accumulators.F32 acc = new Accumulators.F32(spec, b);
            float[] xs = new float[(int) Math.min(TILE, end - begin)];
            float[] gs = new float[xs.length];
            for (long t = begin; t < end; t += TILE) {
                int len = (int) Math.min(TILE, end - t);
                x.readFloats(dtype, t, xs, 0, len);
                dy.readFloats(dtype, t, gs, 0, len);
                for (int i = 0; i < len; i++) {
                    int ng = cur.num;
                    int dg = cur.den;
                    acc.touch(ng, dg);
                    int lane = i & (lanes - 1);
                    gs[i] = ScalarKernels.backward(v, sgn0, xs[i], gs[i], a, ng * numLen, m, b, dg * denLen, n,
                            acc.num, ng * numLen * lanes + lane, acc.den, dg * denLen * lanes + lane);
                    cur.advance();
                }
                dx.writeFloats(dtype, t, gs, 0, len);
                acc.endChunk();
                if ((t + len) % Accumulators.BLOCK == 0 || t + len == end) {
                    acc.endBlock(gradNumerator, gradDenominator);
                }
            }
        }
    }
}
