package org.rational4j.internal.vector;

import static org.rational4j.internal.vector.Lanes.FL;
import static org.rational4j.internal.vector.Lanes.FPR;
import static org.rational4j.internal.vector.Lanes.FS;

import jdk.incubator.vector.FloatVector;

import org.rational4j.Version;
import org.rational4j.internal.Accumulators;
import org.rational4j.internal.ScalarKernels;

/**
 * f32 kernels for version A with degrees (5, 4), the default activation and KAT's: the operation
 * sequence of docs/contract.md written out straight, with the coefficients and the gradient lane
 * accumulators in registers. C2 does not unroll the generic kernels' degree loops, whose trip
 * counts it cannot see; here nothing is left to unroll, which makes these kernels about twice as
 * fast as the generic ones and keeps them fast on narrow vectors (a 128-bit vector does a quarter
 * of a 512-bit one's work per loop trip, so per-trip overhead weighs four times as much).
 */
final class KernelsA54 {
    static final int LANES = Accumulators.LANES;

    private KernelsA54() {
    }

    static boolean applies(Version v, int m, int n) {
        return v == Version.A && m == 5 && n == 4;
    }

    static void forward(float[] a, int ao, float[] b, int bo, float[] xa, int xo, float[] ya, int yo, int len) {
        FloatVector a0 = FloatVector.broadcast(FS, a[ao]);
        FloatVector a1 = FloatVector.broadcast(FS, a[ao + 1]);
        FloatVector a2 = FloatVector.broadcast(FS, a[ao + 2]);
        FloatVector a3 = FloatVector.broadcast(FS, a[ao + 3]);
        FloatVector a4 = FloatVector.broadcast(FS, a[ao + 4]);
        FloatVector a5 = FloatVector.broadcast(FS, a[ao + 5]);
        FloatVector b0 = FloatVector.broadcast(FS, Math.abs(b[bo]));
        FloatVector b1 = FloatVector.broadcast(FS, Math.abs(b[bo + 1]));
        FloatVector b2 = FloatVector.broadcast(FS, Math.abs(b[bo + 2]));
        FloatVector b3 = FloatVector.broadcast(FS, Math.abs(b[bo + 3]));
        FloatVector one = FloatVector.broadcast(FS, 1f);
        int bound = FS.loopBound(len);
        int i = 0;
        for (; i < bound; i += FL) {
            FloatVector x = FloatVector.fromArray(FS, xa, xo + i);
            FloatVector p = a5.fma(x, a4).fma(x, a3).fma(x, a2).fma(x, a1).fma(x, a0);
            FloatVector ax = x.abs();
            FloatVector q = b3.fma(ax, b2).fma(ax, b1).fma(ax, b0).fma(ax, one);
            p.div(q).intoArray(ya, yo + i);
        }
        for (; i < len; i++) {
            ya[yo + i] = ScalarKernels.forward(Version.A, xa[xo + i], a, ao, 5, b, bo, 4);
        }
    }

    /**
     * Backward over {@code len} elements of one group, the first in lane {@code lane0} (the
     * arguments of {@link VectorKernels#backwardRun32}). The whole rows of 16 lanes go slice by
     * slice: slice s takes lanes [s * FL, (s + 1) * FL) of every row, in increasing row order, so
     * each lane still adds its elements in increasing flat index (the contract's order) while its
     * accumulators stay in registers for the whole run; the partial rows at both ends go per element.
     */
    static void backward(float sgn0, float[] a, int ao, float[] b, int bo, float[] xa, int xo, float[] ga, int go,
            float[] da, int dox, int len, int lane0, float[] accN, int nBase, float[] accD, int dBase) {
        int head = Math.min(len, (LANES - (lane0 & (LANES - 1))) & (LANES - 1));
        VectorKernels.scalarRun32(Version.A, sgn0, a, ao, 5, b, bo, 4, xa, xo, ga, go, da, dox, head, lane0, accN,
                nBase, accD, dBase);
        int rows = (len - head) / LANES;
        if (rows > 0) {
            FloatVector a0 = FloatVector.broadcast(FS, a[ao]);
            FloatVector a1 = FloatVector.broadcast(FS, a[ao + 1]);
            FloatVector a2 = FloatVector.broadcast(FS, a[ao + 2]);
            FloatVector a3 = FloatVector.broadcast(FS, a[ao + 3]);
            FloatVector a4 = FloatVector.broadcast(FS, a[ao + 4]);
            FloatVector a5 = FloatVector.broadcast(FS, a[ao + 5]);
            FloatVector b0 = FloatVector.broadcast(FS, Math.abs(b[bo]));
            FloatVector b1 = FloatVector.broadcast(FS, Math.abs(b[bo + 1]));
            FloatVector b2 = FloatVector.broadcast(FS, Math.abs(b[bo + 2]));
            FloatVector b3 = FloatVector.broadcast(FS, Math.abs(b[bo + 3]));
            FloatVector one = FloatVector.broadcast(FS, 1f);
            FloatVector minusOne = FloatVector.broadcast(FS, -1f);
            FloatVector zeroSign = FloatVector.broadcast(FS, sgn0);
            FloatVector zero = FloatVector.zero(FS);
            for (int s = 0; s < FPR; s++) {
                int lo = s * FL;
                FloatVector n0 = FloatVector.fromArray(FS, accN, nBase + lo);
                FloatVector n1 = FloatVector.fromArray(FS, accN, nBase + LANES + lo);
                FloatVector n2 = FloatVector.fromArray(FS, accN, nBase + 2 * LANES + lo);
                FloatVector n3 = FloatVector.fromArray(FS, accN, nBase + 3 * LANES + lo);
                FloatVector n4 = FloatVector.fromArray(FS, accN, nBase + 4 * LANES + lo);
                FloatVector n5 = FloatVector.fromArray(FS, accN, nBase + 5 * LANES + lo);
                FloatVector d0 = FloatVector.fromArray(FS, accD, dBase + lo);
                FloatVector d1 = FloatVector.fromArray(FS, accD, dBase + LANES + lo);
                FloatVector d2 = FloatVector.fromArray(FS, accD, dBase + 2 * LANES + lo);
                FloatVector d3 = FloatVector.fromArray(FS, accD, dBase + 3 * LANES + lo);
                int off = head + lo;
                for (int r = 0; r < rows; r++, off += LANES) {
                    FloatVector x = FloatVector.fromArray(FS, xa, xo + off);
                    FloatVector g = FloatVector.fromArray(FS, ga, go + off);
                    // P and P' by simultaneous Horner, the derivative first, from the old value
                    FloatVector dp = zero.fma(x, a5);
                    FloatVector p = a5.fma(x, a4);
                    dp = dp.fma(x, p);
                    p = p.fma(x, a3);
                    dp = dp.fma(x, p);
                    p = p.fma(x, a2);
                    dp = dp.fma(x, p);
                    p = p.fma(x, a1);
                    dp = dp.fma(x, p);
                    p = p.fma(x, a0);
                    // Q and Q' in |x| with |b|
                    FloatVector ax = x.abs();
                    FloatVector dq = zero.fma(ax, b3);
                    FloatVector q = b3.fma(ax, b2);
                    dq = dq.fma(ax, q);
                    q = q.fma(ax, b1);
                    dq = dq.fma(ax, q);
                    q = q.fma(ax, b0);
                    dq = dq.fma(ax, q);
                    q = q.fma(ax, one);
                    FloatVector sx = one.blend(minusOne, x.lt(0f)).blend(zeroSign, x.eq(0f));
                    dq = sx.mul(dq);
                    FloatVector y = p.div(q);
                    FloatVector t = g.div(q);
                    t.mul(y.neg().fma(dq, dp)).intoArray(da, dox + off);
                    FloatVector w = t.mul(y).neg();
                    // powers by repeated multiplication: x^1 = 1 * x = x, x^(i+1) = x^i * x
                    n0 = t.fma(one, n0);
                    n1 = t.fma(x, n1);
                    FloatVector x2 = x.mul(x);
                    n2 = t.fma(x2, n2);
                    FloatVector x3 = x2.mul(x);
                    n3 = t.fma(x3, n3);
                    FloatVector x4 = x3.mul(x);
                    n4 = t.fma(x4, n4);
                    n5 = t.fma(x4.mul(x), n5);
                    d0 = w.fma(ax, d0);
                    FloatVector ax2 = ax.mul(ax);
                    d1 = w.fma(ax2, d1);
                    FloatVector ax3 = ax2.mul(ax);
                    d2 = w.fma(ax3, d2);
                    d3 = w.fma(ax3.mul(ax), d3);
                }
                n0.intoArray(accN, nBase + lo);
                n1.intoArray(accN, nBase + LANES + lo);
                n2.intoArray(accN, nBase + 2 * LANES + lo);
                n3.intoArray(accN, nBase + 3 * LANES + lo);
                n4.intoArray(accN, nBase + 4 * LANES + lo);
                n5.intoArray(accN, nBase + 5 * LANES + lo);
                d0.intoArray(accD, dBase + lo);
                d1.intoArray(accD, dBase + LANES + lo);
                d2.intoArray(accD, dBase + 2 * LANES + lo);
                d3.intoArray(accD, dBase + 3 * LANES + lo);
            }
        }
        int done = head + rows * LANES;
        VectorKernels.scalarRun32(Version.A, sgn0, a, ao, 5, b, bo, 4, xa, xo + done, ga, go + done, da, dox + done,
                len - done, lane0 + done, accN, nBase, accD, dBase);
    }
}
