package org.rational4j.internal.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;
import org.rational4j.internal.Accumulators;
import org.rational4j.internal.GroupCursor;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;
import org.rational4j.internal.ScalarKernels;

/**
 * The Vector API kernels. Element-wise they run exactly the operation sequence of
 * {@link ScalarKernels} (which also does the heads and tails); the coefficient gradients go into
 * {@link Accumulators}' 16 lanes per slot: a vector of L lanes starting at a flat index with
 * {@code e % L == 0} covers lanes {@code e % 16 .. e % 16 + L - 1} of one row, so a 512-bit f32
 * vector is one row and two 256-bit (four 128-bit) vectors make a row, as docs/contract.md section 4
 * requires. Groups are uniform over runs ({@link GroupCursor#run()}); each run is vectorized on its
 * own, by {@link KernelsA54} for version A (5, 4) and by the generic kernels here otherwise. The
 * width is {@link Lanes}'; {@link Warmup} keeps uncompiled kernels off the hot path.
 */
final class VectorKernels {
    static final VectorSpecies<Float> FS = Lanes.FS;
    static final VectorSpecies<Double> DS = Lanes.DS;
    static final int FL = Lanes.FL;
    static final int DL = Lanes.DL;
    static final int LANES = Accumulators.LANES;
    static final int TILE = Accumulators.CHUNK;
    static final long BLOCK = Accumulators.BLOCK;
    /** Elements of a forward piece with one warm-up probe (see {@link Warmup}). */
    static final int FORWARD_PIECE = 4 * TILE;

    private VectorKernels() {
    }

    static void check() {
        if (LANES % FL != 0 || LANES % DL != 0) {
            throw new LinkageError("unsupported vector shape: " + describe());
        }
    }

    static String describe() {
        return Lanes.describe();
    }

    // ============================================================== f32 forward

    static void forward32(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        GroupCursor cur = new GroupCursor(plan.spec, shape, begin);
        Tables32 tables = cur.shortRuns(2 * FL) ? tables32(plan, shape) : null;
        if (dtype == DType.F32 && x instanceof Operand.FloatArray xa && y instanceof Operand.FloatArray ya) {
            chunk32(plan, shape, cur, tables, xa.array, xa.offset + (int) begin, ya.array, ya.offset + (int) begin,
                    (int) (end - begin), begin);
            return;
        }
        int tile = (int) Math.min(4 * TILE, end - begin);
        float[] xs = new float[tile];
        for (long t = begin; t < end; t += tile) {
            int len = (int) Math.min(tile, end - t);
            x.readFloats(dtype, t, xs, 0, len);
            chunk32(plan, shape, cur, tables, xs, 0, xs, 0, len, t);
            y.writeFloats(dtype, t, xs, 0, len);
        }
    }

    /** Forward of {@code len} elements from flat index {@code e0}, the cursor at e0 (and left after them). */
    private static void chunk32(Plan plan, Shape shape, GroupCursor cur, Tables32 tables, float[] xa, int xo,
            float[] ya, int yo, int len, long e0) {
        if (tables != null) {
            forwardTable32(plan, shape, tables, xa, xo, ya, yo, len, e0);
            cur.skip(len);
        } else if (cur.shortRuns(2 * FL)) {
            RationalSpec spec = plan.spec;
            int numLen = spec.numeratorLength();
            int denLen = spec.denominatorLength();
            for (int i = 0; i < len; i++) {
                ya[yo + i] = ScalarKernels.forward(spec.version().formula(), xa[xo + i], plan.numerator32, cur.num * numLen,
                        spec.numeratorDegree(), plan.denominator32, cur.den * denLen, spec.denominatorDegree());
                cur.advance();
            }
        } else {
            runs32(plan, cur, xa, xo, ya, yo, len);
        }
    }

    /** Largest period (channels * inner) given per-lane coefficient tables. */
    static final int MAX_TABLE_PERIOD = 8192;

    /**
     * Per-lane coefficients for layouts whose groups change within a vector (per-channel groups,
     * channels-last): {@code num[j][p]} is coefficient j of the group of every element with
     * {@code e % period == p}, extended by one vector so that a vector's lanes read contiguously.
     */
    static final class Tables32 {
        final long channels;
        final long inner;
        final int period;
        final float[][] num;
        final float[][] den;

        Tables32(Plan plan, Shape shape) {
            RationalSpec spec = plan.spec;
            this.channels = shape.channels();
            this.inner = shape.inner();
            this.period = (int) (channels * inner);
            int numLen = spec.numeratorLength();
            int denLen = spec.denominatorLength();
            long perNum = channels / spec.numeratorGroups();
            long perDen = channels / spec.denominatorGroups();
            num = new float[numLen][period + FL];
            den = new float[denLen][period + FL];
            for (int p = 0; p < period + FL; p++) {
                long ch = (p % period) / inner;
                int ng = (int) (ch / perNum);
                int dg = (int) (ch / perDen);
                for (int j = 0; j < numLen; j++) {
                    num[j][p] = plan.numerator32[ng * numLen + j];
                }
                for (int k = 0; k < denLen; k++) {
                    den[k][p] = plan.denominator32[dg * denLen + k];
                }
            }
        }
    }

    private static Tables32 tables32(Plan plan, Shape shape) {
        if (shape.channels() * shape.inner() > MAX_TABLE_PERIOD) {
            return null;
        }
        Object cached = plan.javaCache;
        if (cached instanceof Tables32 t && t.channels == shape.channels() && t.inner == shape.inner()) {
            return t;
        }
        Tables32 t = new Tables32(plan, shape);
        plan.javaCache = t;
        return t;
    }

    static void forwardTable32(Plan plan, Shape shape, Tables32 tb, float[] xa, int xo, float[] ya, int yo, int len,
            long e0) {
        RationalSpec spec = plan.spec;
        Version v = spec.version().formula();
        int m = spec.numeratorDegree();
        int n = spec.denominatorDegree();
        float[][] tn = tb.num;
        float[][] td = tb.den;
        int period = tb.period;
        int phase = (int) (e0 % period);
        int i = 0;
        int bound = FS.loopBound(len);
        FloatVector one = FloatVector.broadcast(FS, 1f);
        for (; i < bound; i += FL) {
            FloatVector x = FloatVector.fromArray(FS, xa, xo + i);
            FloatVector p = FloatVector.fromArray(FS, tn[m], phase);
            for (int j = m - 1; j >= 0; j--) {
                p = p.fma(x, FloatVector.fromArray(FS, tn[j], phase));
            }
            FloatVector q;
            switch (v) {
                case A: {
                    FloatVector ax = x.abs();
                    q = FloatVector.fromArray(FS, td[n - 1], phase).abs();
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(ax, FloatVector.fromArray(FS, td[k], phase).abs());
                    }
                    q = q.fma(ax, one);
                    break;
                }
                case B: {
                    FloatVector s = FloatVector.fromArray(FS, td[n - 1], phase);
                    for (int k = n - 2; k >= 0; k--) {
                        s = s.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    q = s.mul(x).abs().add(1f);
                    break;
                }
                case C: {
                    FloatVector s = FloatVector.fromArray(FS, td[n], phase);
                    for (int k = n - 1; k >= 0; k--) {
                        s = s.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    q = s.abs().add(0.1f);
                    break;
                }
                default: {
                    q = FloatVector.fromArray(FS, td[n - 1], phase);
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    q = q.fma(x, one);
                    break;
                }
            }
            p.div(q).intoArray(ya, yo + i);
            phase += FL;
            while (phase >= period) {
                phase -= period;
            }
        }
        if (i < len) {
            GroupCursor c = new GroupCursor(spec, shape, e0 + i);
            int numLen = spec.numeratorLength();
            int denLen = spec.denominatorLength();
            for (; i < len; i++) {
                ya[yo + i] = ScalarKernels.forward(v, xa[xo + i], plan.numerator32, c.num * numLen, m,
                        plan.denominator32, c.den * denLen, n);
                c.advance();
            }
        }
    }

    private static void runs32(Plan plan, GroupCursor cur, float[] xa, int xo, float[] ya, int yo, int len) {
        RationalSpec spec = plan.spec;
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        for (int i = 0; i < len;) {
            int k = (int) Math.min(cur.run(), len - i);
            Version v = spec.version().formula();
            float[] a = plan.numerator32;
            int ao = cur.num * numLen;
            int m = spec.numeratorDegree();
            float[] b = plan.denominator32;
            int bo = cur.den * denLen;
            int n = spec.denominatorDegree();
            for (int j = 0; j < k;) {
                int piece = Math.min(k - j, FORWARD_PIECE);
                if (Warmup.FORWARD32.ready()) {
                    piece = k - j;
                    forwardRun32(v, a, ao, m, b, bo, n, xa, xo + i + j, ya, yo + i + j, piece);
                } else if (piece < 2 * Warmup.PROBE) {
                    scalarForward32(v, a, ao, m, b, bo, n, xa, xo + i + j, ya, yo + i + j, piece);
                } else {
                    // warm-up (see Warmup): a timed probe of the vector kernel, the rest in scalar code
                    int at = xo + i + j;
                    int to = yo + i + j;
                    // then the scalar code timed on as many elements (the timer's cost weighs the same)
                    int pr = Warmup.PROBE;
                    long s0 = System.nanoTime();
                    forwardRun32(v, a, ao, m, b, bo, n, xa, at, ya, to, pr);
                    long s1 = System.nanoTime();
                    scalarForward32(v, a, ao, m, b, bo, n, xa, at + pr, ya, to + pr, pr);
                    long s2 = System.nanoTime();
                    scalarForward32(v, a, ao, m, b, bo, n, xa, at + 2 * pr, ya, to + 2 * pr, piece - 2 * pr);
                    Warmup.FORWARD32.report(s1 - s0, pr, s2 - s1, pr);
                }
                j += piece;
            }
            cur.skip(k);
            i += k;
        }
    }

    private static void scalarForward32(Version v, float[] a, int ao, int m, float[] b, int bo, int n, float[] xa,
            int xo, float[] ya, int yo, int len) {
        for (int i = 0; i < len; i++) {
            ya[yo + i] = ScalarKernels.forward(v, xa[xo + i], a, ao, m, b, bo, n);
        }
    }

    static void forwardRun32(Version v, float[] a, int ao, int m, float[] b, int bo, int n, float[] xa, int xo,
            float[] ya, int yo, int len) {
        if (KernelsA54.applies(v, m, n)) {
            KernelsA54.forward(a, ao, b, bo, xa, xo, ya, yo, len);
        } else {
            forwardRunGeneric32(v, a, ao, m, b, bo, n, xa, xo, ya, yo, len);
        }
    }

    /** {@link #forwardRun32} for any version and degrees, the degree loops as loops. */
    static void forwardRunGeneric32(Version v, float[] a, int ao, int m, float[] b, int bo, int n, float[] xa, int xo,
            float[] ya, int yo, int len) {
        int i = 0;
        int bound = FS.loopBound(len);
        float am = a[ao + m];
        for (; i < bound; i += FL) {
            FloatVector x = FloatVector.fromArray(FS, xa, xo + i);
            FloatVector p = FloatVector.broadcast(FS, am);
            for (int j = m - 1; j >= 0; j--) {
                p = p.fma(x, FloatVector.broadcast(FS, a[ao + j]));
            }
            FloatVector q;
            switch (v) {
                case A: {
                    FloatVector ax = x.abs();
                    q = FloatVector.broadcast(FS, Math.abs(b[bo + n - 1]));
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(ax, FloatVector.broadcast(FS, Math.abs(b[bo + k])));
                    }
                    q = q.fma(ax, FloatVector.broadcast(FS, 1f));
                    break;
                }
                case B: {
                    FloatVector s = FloatVector.broadcast(FS, b[bo + n - 1]);
                    for (int k = n - 2; k >= 0; k--) {
                        s = s.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    q = s.mul(x).abs().add(1f);
                    break;
                }
                case C: {
                    FloatVector s = FloatVector.broadcast(FS, b[bo + n]);
                    for (int k = n - 1; k >= 0; k--) {
                        s = s.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    q = s.abs().add(0.1f);
                    break;
                }
                default: {
                    q = FloatVector.broadcast(FS, b[bo + n - 1]);
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    q = q.fma(x, FloatVector.broadcast(FS, 1f));
                    break;
                }
            }
            p.div(q).intoArray(ya, yo + i);
        }
        for (; i < len; i++) {
            ya[yo + i] = ScalarKernels.forward(v, xa[xo + i], a, ao, m, b, bo, n);
        }
    }

    // ============================================================== f32 backward

    static void backward32(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        RationalSpec spec = plan.spec;
        Version v = spec.version().formula();
        int m = spec.numeratorDegree();
        int n = spec.denominatorDegree();
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        float sgn0 = spec.signAtZero().flags() != 0 ? 0f : 1f;
        float[] a = plan.numerator32;
        float[] b = plan.denominator32;
        Accumulators.F32 acc = new Accumulators.F32(spec, b);
        GroupCursor cur = new GroupCursor(spec, shape, begin);
        boolean shortRuns = cur.shortRuns(2 * LANES);
        PerLane32 perLane = shortRuns ? PerLane32.of(plan, shape) : null;
        boolean arrays = dtype == DType.F32 && x instanceof Operand.FloatArray && dy instanceof Operand.FloatArray
                && dx instanceof Operand.FloatArray;
        float[] xs = arrays ? null : new float[(int) Math.min(TILE, end - begin)];
        float[] gs = arrays ? null : new float[xs.length];
        for (long t = begin; t < end; t += TILE) {
            int len = (int) Math.min(TILE, end - t);
            float[] xa;
            float[] ga;
            float[] da;
            int xo;
            int go;
            int dox;
            if (arrays) {
                Operand.FloatArray xq = (Operand.FloatArray) x;
                Operand.FloatArray gq = (Operand.FloatArray) dy;
                Operand.FloatArray dq = (Operand.FloatArray) dx;
                xa = xq.array;
                xo = xq.offset + (int) t;
                ga = gq.array;
                go = gq.offset + (int) t;
                da = dq.array;
                dox = dq.offset + (int) t;
            } else {
                x.readFloats(dtype, t, xs, 0, len);
                dy.readFloats(dtype, t, gs, 0, len);
                xa = xs;
                ga = gs;
                da = gs;
                xo = 0;
                go = 0;
                dox = 0;
            }
            if (shortRuns) {
                int i = 0;
                if (perLane != null) {
                    i = perLane.chunk(plan, cur, acc, t, xa, xo, ga, go, da, dox, len);
                }
                for (; i < len; i++) {
                    int ng = cur.num;
                    int dg = cur.den;
                    acc.touch(ng, dg);
                    int lane = i & (LANES - 1);
                    da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ng * numLen, m, b,
                            dg * denLen, n, acc.num, ng * numLen * LANES + lane, acc.den, dg * denLen * LANES + lane);
                    cur.advance();
                }
            }
            boolean warm = Warmup.RUN32.ready();
            boolean probed = false;
            long scalarNanos = 0;
            int scalarCount = 0;
            long vectorNanos = 0;
            int probeCount = 0;
            for (int i = shortRuns ? len : 0; i < len;) {
                int k = (int) Math.min(cur.run(), len - i);
                int ng = cur.num;
                int dg = cur.den;
                acc.touch(ng, dg);
                int ao = ng * numLen;
                int bo = dg * denLen;
                int nBase = ng * numLen * LANES;
                int dBase = dg * denLen * LANES;
                if (warm) {
                    backwardRun32(v, sgn0, a, ao, m, b, bo, n, xa, xo + i, ga, go + i, da, dox + i, k,
                            i & (LANES - 1), acc.num, nBase, acc.den, dBase);
                } else {
                    // warm-up (see Warmup): scalar code, except one timed probe of the vector kernel
                    int j = 0;
                    int skew = (int) (t / TILE) & 1;
                    if (!probed && k >= skew + 2 * Warmup.PROBE) {
                        // at the run's start (aligned in a chunk of one group), or one element in on
                        // alternate chunks (a partial row at both ends): the profile C2 compiles with
                        // has seen every path of the kernel
                        // then the scalar code timed on as many elements as the probe, so that
                        // the timer's own cost weighs the same on both sides
                        probed = true;
                        probeCount = Warmup.PROBE;
                        scalarRun32(v, sgn0, a, ao, m, b, bo, n, xa, xo + i, ga, go + i, da, dox + i, skew,
                                i & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        j = skew;
                        long s0 = System.nanoTime();
                        backwardRun32(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j,
                                probeCount, (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        long s1 = System.nanoTime();
                        vectorNanos = s1 - s0;
                        j += probeCount;
                        scalarCount = Math.min(probeCount, k - j);
                        scalarRun32(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j,
                                scalarCount, (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        scalarNanos = System.nanoTime() - s1;
                        j += scalarCount;
                    }
                    scalarRun32(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j, k - j,
                            (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                }
                cur.skip(k);
                i += k;
            }
            if (probed) {
                Warmup.RUN32.report(vectorNanos, probeCount, scalarNanos, scalarCount);
            }
            if (!arrays) {
                dx.writeFloats(dtype, t, gs, 0, len);
            }
            acc.endChunk();
            if ((t + len) % BLOCK == 0 || t + len == end) {
                acc.endBlock(gradNumerator, gradDenominator);
            }
        }
    }

    /** {@link #backwardRun32} in scalar code (warm-up, and layouts the vector kernels do not take). */
    static void scalarRun32(Version v, float sgn0, float[] a, int ao, int m, float[] b, int bo, int n,
            float[] xa, int xo, float[] ga, int go, float[] da, int dox, int len, int lane0, float[] accN,
            int nBase, float[] accD, int dBase) {
        for (int i = 0; i < len; i++) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
        }
    }

    /**
     * Backward over {@code len} elements with the same groups, the first in lane {@code lane0};
     * lane accumulators of the run's groups at {@code accN[nBase + 16 * i + lane]} and
     * {@code accD[dBase + 16 * k + lane]}.
     */
    static void backwardRun32(Version v, float sgn0, float[] a, int ao, int m, float[] b, int bo, int n,
            float[] xa, int xo, float[] ga, int go, float[] da, int dox, int len, int lane0, float[] accN,
            int nBase, float[] accD, int dBase) {
        if (KernelsA54.applies(v, m, n)) {
            KernelsA54.backward(sgn0, a, ao, b, bo, xa, xo, ga, go, da, dox, len, lane0, accN, nBase, accD, dBase);
        } else {
            backwardRunGeneric32(v, sgn0, a, ao, m, b, bo, n, xa, xo, ga, go, da, dox, len, lane0, accN, nBase, accD,
                    dBase);
        }
    }

    /** {@link #backwardRun32} for any version and degrees, the degree loops as loops. */
    static void backwardRunGeneric32(Version v, float sgn0, float[] a, int ao, int m, float[] b, int bo, int n,
            float[] xa, int xo, float[] ga, int go, float[] da, int dox, int len, int lane0, float[] accN,
            int nBase, float[] accD, int dBase) {
        int i = 0;
        while (i < len && ((lane0 + i) & (FL - 1)) != 0) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
            i++;
        }
        int nb = v.denominatorLength(n);
        float am = a[ao + m];
        FloatVector one = FloatVector.broadcast(FS, 1f);
        FloatVector minusOne = FloatVector.broadcast(FS, -1f);
        FloatVector zeroSign = FloatVector.broadcast(FS, sgn0);
        FloatVector zero = FloatVector.zero(FS);
        for (; i + FL <= len; i += FL) {
            int lane = (lane0 + i) & (LANES - 1);
            FloatVector x = FloatVector.fromArray(FS, xa, xo + i);
            FloatVector g = FloatVector.fromArray(FS, ga, go + i);
            FloatVector p = FloatVector.broadcast(FS, am);
            FloatVector dp = zero;
            for (int j = m - 1; j >= 0; j--) {
                dp = dp.fma(x, p);
                p = p.fma(x, FloatVector.broadcast(FS, a[ao + j]));
            }
            FloatVector q;
            FloatVector dq;
            FloatVector sg = one;
            FloatVector base = x;
            switch (v) {
                case A: {
                    FloatVector ax = x.abs();
                    base = ax;
                    q = FloatVector.broadcast(FS, Math.abs(b[bo + n - 1]));
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(ax, q);
                        q = q.fma(ax, FloatVector.broadcast(FS, Math.abs(b[bo + k])));
                    }
                    dq = dq.fma(ax, q);
                    q = q.fma(ax, one);
                    FloatVector sx = one.blend(minusOne, x.lt(0f)).blend(zeroSign, x.eq(0f));
                    dq = sx.mul(dq);
                    break;
                }
                case B: {
                    FloatVector s = FloatVector.broadcast(FS, b[bo + n - 1]);
                    FloatVector ds = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    ds = ds.fma(x, s);
                    s = s.mul(x);
                    q = s.abs().add(1f);
                    sg = one.blend(minusOne, s.lt(0f)).blend(zeroSign, s.eq(0f));
                    dq = sg.mul(ds);
                    break;
                }
                case C: {
                    FloatVector s = FloatVector.broadcast(FS, b[bo + n]);
                    FloatVector ds = zero;
                    for (int k = n - 1; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    q = s.abs().add(0.1f);
                    sg = one.blend(minusOne, s.lt(0f)).blend(zeroSign, s.eq(0f));
                    dq = sg.mul(ds);
                    break;
                }
                default: {
                    q = FloatVector.broadcast(FS, b[bo + n - 1]);
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(x, q);
                        q = q.fma(x, FloatVector.broadcast(FS, b[bo + k]));
                    }
                    dq = dq.fma(x, q);
                    q = q.fma(x, one);
                    break;
                }
            }
            FloatVector y = p.div(q);
            FloatVector t = g.div(q);
            t.mul(y.neg().fma(dq, dp)).intoArray(da, dox + i);
            FloatVector u = t.mul(y);
            FloatVector w = (v == Version.A || v == Version.N) ? u.neg() : u.mul(sg).neg();

            FloatVector pw = one;
            for (int j = 0; j <= m; j++) {
                int at = nBase + LANES * j + lane;
                t.fma(pw, FloatVector.fromArray(FS, accN, at)).intoArray(accN, at);
                pw = pw.mul(x);
            }
            pw = v == Version.C ? one : base;
            for (int k = 0; k < nb; k++) {
                int at = dBase + LANES * k + lane;
                w.fma(pw, FloatVector.fromArray(FS, accD, at)).intoArray(accD, at);
                pw = pw.mul(base);
            }
        }
        for (; i < len; i++) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
        }
    }

    /**
     * Backward for per-channel groups ({@code numGroups = denGroups = C}) with {@code inner = 1}
     * (channels-last), where the groups change every element. Coefficients come from the forward's
     * per-lane {@link Tables32}. Element {@code e}'s gradient chain (docs/contract.md section 4) is
     * that of (channel {@code e % C}, lane {@code e % 16}), which is one position
     * {@code e % lcm(C, 16)}; so a scratch of lane accumulators indexed by that position (or by
     * the offset in the chunk, when the period is longer than a chunk) is contiguous over a vector
     * and each chain still takes its elements one by one in increasing {@code e}. At the end of the
     * chunk's vectors the scratch moves into {@link Accumulators}' layout, where the scalar tail
     * continues the chains.
     */
    static final class PerLane32 {
        final Tables32 tables;
        final int channels;
        /** Scratch positions: lcm(C, 16) when at most a chunk, else a chunk (indexed by the offset). */
        final int q;
        final boolean periodic;
        final float[] num;
        final float[] den;
        final int numLen;
        final int denLen;

        private PerLane32(Tables32 tables, RationalSpec spec, int channels) {
            this.tables = tables;
            this.channels = channels;
            int lcm = channels / gcd(channels, LANES) * LANES;
            this.periodic = lcm <= TILE;
            this.q = periodic ? lcm : TILE;
            this.numLen = spec.numeratorLength();
            this.denLen = spec.denominatorLength();
            this.num = new float[numLen * q];
            this.den = new float[denLen * q];
        }

        private static int gcd(int a, int b) {
            while (b != 0) {
                int t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        /** The per-lane path for this layout, or null when it does not apply. */
        static PerLane32 of(Plan plan, Shape shape) {
            RationalSpec spec = plan.spec;
            long c = shape.channels();
            if (shape.inner() != 1 || spec.numeratorGroups() != c || spec.denominatorGroups() != c) {
                return null;
            }
            Tables32 tables = tables32(plan, shape);
            return tables == null ? null : new PerLane32(tables, spec, (int) c);
        }

        /**
         * Runs the vectors of a chunk at flat index {@code t} (a multiple of the chunk size) and
         * moves their accumulators into {@code acc}; returns how many elements it did (the rest
         * is the caller's, per element; the cursor is moved past the elements done).
         */
        int chunk(Plan plan, GroupCursor cur, Accumulators.F32 acc, long t, float[] xa, int xo, float[] ga, int go,
                float[] da, int dox, int len) {
            RationalSpec spec = plan.spec;
            Version v = spec.version().formula();
            int m = spec.numeratorDegree();
            int n = spec.denominatorDegree();
            float sgn0 = spec.signAtZero().flags() != 0 ? 0f : 1f;
            int phase = (int) (t % tables.period);
            int r0 = periodic ? (int) (t % q) : 0;
            int done;
            if (Warmup.TABLE32.ready()) {
                done = FS.loopBound(len);
                backwardTable32(v, sgn0, tables, m, n, xa, xo, ga, go, da, dox, done, phase, num, den, r0, q);
            } else if ((t / TILE) % 4 != 0) {
                // warm-up: a probe costs up to a few hundred microseconds before C1/C2 compile it
                // (some scalar chunks' time), so only every fourth chunk has one
                return 0;
            } else {
                // warm-up (see Warmup): one timed probe, compared with the scalar code on as many
                // elements; the caller does the rest of the chunk per element
                done = Math.min(FS.loopBound(len), Warmup.PROBE);
                long s0 = System.nanoTime();
                backwardTable32(v, sgn0, tables, m, n, xa, xo, ga, go, da, dox, done, phase, num, den, r0, q);
                long s1 = System.nanoTime();
                int sc = Math.min(len - done, Warmup.PROBE);
                float[] a = plan.numerator32;
                float[] b = plan.denominator32;
                flush(acc, t, done, r0);
                cur.skip(done);
                for (int i = done; i < done + sc; i++) {
                    int g = cur.num;
                    int dg = cur.den;
                    acc.touch(g, dg);
                    int lane = i & (LANES - 1);
                    da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, g * numLen, m, b,
                            dg * denLen, n, acc.num, g * numLen * LANES + lane, acc.den, dg * denLen * LANES + lane);
                    cur.advance();
                }
                Warmup.TABLE32.report(s1 - s0, done, System.nanoTime() - s1, sc);
                return done + sc;
            }
            flush(acc, t, done, r0);
            cur.skip(done);
            return done;
        }

        /** Moves the scratch of the chunk's first {@code count} elements into acc (and clears it). */
        private void flush(Accumulators.F32 acc, long t, int count, int r0) {
            int c = (int) (t % channels);
            int cover = Math.min(count, q);
            int r = r0;
            float[] an = acc.num;
            float[] ad = acc.den;
            for (int i = 0; i < cover; i++) {
                acc.touch(c, c);
                int lane = i & (LANES - 1);
                int nb = c * numLen * LANES + lane;
                for (int j = 0; j < numLen; j++) {
                    an[nb + LANES * j] = num[j * q + r];
                    num[j * q + r] = 0f;
                }
                int db = c * denLen * LANES + lane;
                for (int k = 0; k < denLen; k++) {
                    ad[db + LANES * k] = den[k * q + r];
                    den[k * q + r] = 0f;
                }
                if (++c == channels) {
                    c = 0;
                }
                if (++r == q) {
                    r = 0;
                }
            }
        }
    }

    /**
     * {@link #backwardRun32} with per-lane coefficients {@code tb} from {@code phase} (len a
     * multiple of the vector length, the first element aligned) and lane accumulators of slot
     * {@code j} at {@code sN[j * q + r]}, r from {@code r0}, wrapping at q.
     */
    static void backwardTable32(Version v, float sgn0, Tables32 tb, int m, int n, float[] xa, int xo, float[] ga,
            int go, float[] da, int dox, int len, int phase, float[] sN, float[] sD, int r0, int q) {
        float[][] tn = tb.num;
        float[][] td = tb.den;
        int period = tb.period;
        int nb = v.denominatorLength(n);
        int r = r0;
        FloatVector one = FloatVector.broadcast(FS, 1f);
        FloatVector minusOne = FloatVector.broadcast(FS, -1f);
        FloatVector zeroSign = FloatVector.broadcast(FS, sgn0);
        FloatVector zero = FloatVector.zero(FS);
        for (int i = 0; i + FL <= len; i += FL) {
            FloatVector x = FloatVector.fromArray(FS, xa, xo + i);
            FloatVector g = FloatVector.fromArray(FS, ga, go + i);
            FloatVector p = FloatVector.fromArray(FS, tn[m], phase);
            FloatVector dp = zero;
            for (int j = m - 1; j >= 0; j--) {
                dp = dp.fma(x, p);
                p = p.fma(x, FloatVector.fromArray(FS, tn[j], phase));
            }
            FloatVector q2;
            FloatVector dq;
            FloatVector sg = one;
            FloatVector base = x;
            switch (v) {
                case A: {
                    FloatVector ax = x.abs();
                    base = ax;
                    q2 = FloatVector.fromArray(FS, td[n - 1], phase).abs();
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(ax, q2);
                        q2 = q2.fma(ax, FloatVector.fromArray(FS, td[k], phase).abs());
                    }
                    dq = dq.fma(ax, q2);
                    q2 = q2.fma(ax, one);
                    FloatVector sx = one.blend(minusOne, x.lt(0f)).blend(zeroSign, x.eq(0f));
                    dq = sx.mul(dq);
                    break;
                }
                case B: {
                    FloatVector s = FloatVector.fromArray(FS, td[n - 1], phase);
                    FloatVector ds = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    ds = ds.fma(x, s);
                    s = s.mul(x);
                    q2 = s.abs().add(1f);
                    sg = one.blend(minusOne, s.lt(0f)).blend(zeroSign, s.eq(0f));
                    dq = sg.mul(ds);
                    break;
                }
                case C: {
                    FloatVector s = FloatVector.fromArray(FS, td[n], phase);
                    FloatVector ds = zero;
                    for (int k = n - 1; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    q2 = s.abs().add(0.1f);
                    sg = one.blend(minusOne, s.lt(0f)).blend(zeroSign, s.eq(0f));
                    dq = sg.mul(ds);
                    break;
                }
                default: {
                    q2 = FloatVector.fromArray(FS, td[n - 1], phase);
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(x, q2);
                        q2 = q2.fma(x, FloatVector.fromArray(FS, td[k], phase));
                    }
                    dq = dq.fma(x, q2);
                    q2 = q2.fma(x, one);
                    break;
                }
            }
            FloatVector y = p.div(q2);
            FloatVector t = g.div(q2);
            t.mul(y.neg().fma(dq, dp)).intoArray(da, dox + i);
            FloatVector u = t.mul(y);
            FloatVector w = (v == Version.A || v == Version.N) ? u.neg() : u.mul(sg).neg();

            FloatVector pw = one;
            for (int j = 0; j <= m; j++) {
                int at = j * q + r;
                t.fma(pw, FloatVector.fromArray(FS, sN, at)).intoArray(sN, at);
                pw = pw.mul(x);
            }
            pw = v == Version.C ? one : base;
            for (int k = 0; k < nb; k++) {
                int at = k * q + r;
                w.fma(pw, FloatVector.fromArray(FS, sD, at)).intoArray(sD, at);
                pw = pw.mul(base);
            }
            phase += FL;
            while (phase >= period) {
                phase -= period;
            }
            r += FL;
            if (r >= q) {
                r -= q;
            }
        }
    }

    // ============================================================== f64 forward

    static void forward64(Plan plan, Shape shape, Operand x, Operand y, long begin, long end) {
        GroupCursor cur = new GroupCursor(plan.spec, shape, begin);
        if (x instanceof Operand.DoubleArray xa && y instanceof Operand.DoubleArray ya) {
            runs64(plan, cur, xa.array, xa.offset + (int) begin, ya.array, ya.offset + (int) begin,
                    (int) (end - begin));
            return;
        }
        int tile = (int) Math.min(4 * TILE, end - begin);
        double[] xs = new double[tile];
        for (long t = begin; t < end; t += tile) {
            int len = (int) Math.min(tile, end - t);
            x.readDoubles(t, xs, 0, len);
            runs64(plan, cur, xs, 0, xs, 0, len);
            y.writeDoubles(t, xs, 0, len);
        }
    }

    private static void runs64(Plan plan, GroupCursor cur, double[] xa, int xo, double[] ya, int yo, int len) {
        RationalSpec spec = plan.spec;
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        if (cur.shortRuns(2 * DL)) {
            for (int i = 0; i < len; i++) {
                ya[yo + i] = ScalarKernels.forward(spec.version().formula(), xa[xo + i], plan.numerator64, cur.num * numLen,
                        spec.numeratorDegree(), plan.denominator64, cur.den * denLen, spec.denominatorDegree());
                cur.advance();
            }
            return;
        }
        for (int i = 0; i < len;) {
            int k = (int) Math.min(cur.run(), len - i);
            Version v = spec.version().formula();
            double[] a = plan.numerator64;
            int ao = cur.num * numLen;
            int m = spec.numeratorDegree();
            double[] b = plan.denominator64;
            int bo = cur.den * denLen;
            int n = spec.denominatorDegree();
            for (int j = 0; j < k;) {
                int piece = Math.min(k - j, FORWARD_PIECE);
                if (Warmup.FORWARD64.ready()) {
                    piece = k - j;
                    forwardRun64(v, a, ao, m, b, bo, n, xa, xo + i + j, ya, yo + i + j, piece);
                } else if (piece < 2 * Warmup.PROBE) {
                    scalarForward64(v, a, ao, m, b, bo, n, xa, xo + i + j, ya, yo + i + j, piece);
                } else {
                    // warm-up (see Warmup): a timed probe of the vector kernel, the rest in scalar code
                    int at = xo + i + j;
                    int to = yo + i + j;
                    // then the scalar code timed on as many elements (the timer's cost weighs the same)
                    int pr = Warmup.PROBE;
                    long s0 = System.nanoTime();
                    forwardRun64(v, a, ao, m, b, bo, n, xa, at, ya, to, pr);
                    long s1 = System.nanoTime();
                    scalarForward64(v, a, ao, m, b, bo, n, xa, at + pr, ya, to + pr, pr);
                    long s2 = System.nanoTime();
                    scalarForward64(v, a, ao, m, b, bo, n, xa, at + 2 * pr, ya, to + 2 * pr, piece - 2 * pr);
                    Warmup.FORWARD64.report(s1 - s0, pr, s2 - s1, pr);
                }
                j += piece;
            }
            cur.skip(k);
            i += k;
        }
    }

    private static void scalarForward64(Version v, double[] a, int ao, int m, double[] b, int bo, int n,
            double[] xa, int xo, double[] ya, int yo, int len) {
        for (int i = 0; i < len; i++) {
            ya[yo + i] = ScalarKernels.forward(v, xa[xo + i], a, ao, m, b, bo, n);
        }
    }

    static void forwardRun64(Version v, double[] a, int ao, int m, double[] b, int bo, int n, double[] xa, int xo,
            double[] ya, int yo, int len) {
        int i = 0;
        int bound = DS.loopBound(len);
        double am = a[ao + m];
        for (; i < bound; i += DL) {
            DoubleVector x = DoubleVector.fromArray(DS, xa, xo + i);
            DoubleVector p = DoubleVector.broadcast(DS, am);
            for (int j = m - 1; j >= 0; j--) {
                p = p.fma(x, DoubleVector.broadcast(DS, a[ao + j]));
            }
            DoubleVector q;
            switch (v) {
                case A: {
                    DoubleVector ax = x.abs();
                    q = DoubleVector.broadcast(DS, Math.abs(b[bo + n - 1]));
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(ax, DoubleVector.broadcast(DS, Math.abs(b[bo + k])));
                    }
                    q = q.fma(ax, DoubleVector.broadcast(DS, 1.0));
                    break;
                }
                case B: {
                    DoubleVector s = DoubleVector.broadcast(DS, b[bo + n - 1]);
                    for (int k = n - 2; k >= 0; k--) {
                        s = s.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    q = s.mul(x).abs().add(1.0);
                    break;
                }
                case C: {
                    DoubleVector s = DoubleVector.broadcast(DS, b[bo + n]);
                    for (int k = n - 1; k >= 0; k--) {
                        s = s.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    q = s.abs().add(0.1);
                    break;
                }
                default: {
                    q = DoubleVector.broadcast(DS, b[bo + n - 1]);
                    for (int k = n - 2; k >= 0; k--) {
                        q = q.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    q = q.fma(x, DoubleVector.broadcast(DS, 1.0));
                    break;
                }
            }
            p.div(q).intoArray(ya, yo + i);
        }
        for (; i < len; i++) {
            ya[yo + i] = ScalarKernels.forward(v, xa[xo + i], a, ao, m, b, bo, n);
        }
    }

    // ============================================================== f64 backward

    static void backward64(Plan plan, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        RationalSpec spec = plan.spec;
        Version v = spec.version().formula();
        int m = spec.numeratorDegree();
        int n = spec.denominatorDegree();
        int numLen = spec.numeratorLength();
        int denLen = spec.denominatorLength();
        double sgn0 = spec.signAtZero().flags() != 0 ? 0.0 : 1.0;
        double[] a = plan.numerator64;
        double[] b = plan.denominator64;
        Accumulators.F64 acc = new Accumulators.F64(spec, b);
        GroupCursor cur = new GroupCursor(spec, shape, begin);
        boolean shortRuns = cur.shortRuns(2 * LANES);
        boolean arrays = x instanceof Operand.DoubleArray && dy instanceof Operand.DoubleArray
                && dx instanceof Operand.DoubleArray;
        double[] xs = arrays ? null : new double[(int) Math.min(TILE, end - begin)];
        double[] gs = arrays ? null : new double[xs.length];
        for (long t = begin; t < end; t += TILE) {
            int len = (int) Math.min(TILE, end - t);
            double[] xa;
            double[] ga;
            double[] da;
            int xo;
            int go;
            int dox;
            if (arrays) {
                Operand.DoubleArray xq = (Operand.DoubleArray) x;
                Operand.DoubleArray gq = (Operand.DoubleArray) dy;
                Operand.DoubleArray dq = (Operand.DoubleArray) dx;
                xa = xq.array;
                xo = xq.offset + (int) t;
                ga = gq.array;
                go = gq.offset + (int) t;
                da = dq.array;
                dox = dq.offset + (int) t;
            } else {
                x.readDoubles(t, xs, 0, len);
                dy.readDoubles(t, gs, 0, len);
                xa = xs;
                ga = gs;
                da = gs;
                xo = 0;
                go = 0;
                dox = 0;
            }
            if (shortRuns) {
                for (int i = 0; i < len; i++) {
                    int ng = cur.num;
                    int dg = cur.den;
                    acc.touch(ng, dg);
                    int lane = i & (LANES - 1);
                    da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ng * numLen, m, b,
                            dg * denLen, n, acc.num, ng * numLen * LANES + lane, acc.den, dg * denLen * LANES + lane);
                    cur.advance();
                }
            }
            boolean warm = Warmup.RUN64.ready();
            boolean probed = false;
            long scalarNanos = 0;
            int scalarCount = 0;
            long vectorNanos = 0;
            int probeCount = 0;
            for (int i = shortRuns ? len : 0; i < len;) {
                int k = (int) Math.min(cur.run(), len - i);
                int ng = cur.num;
                int dg = cur.den;
                acc.touch(ng, dg);
                int ao = ng * numLen;
                int bo = dg * denLen;
                int nBase = ng * numLen * LANES;
                int dBase = dg * denLen * LANES;
                if (warm) {
                    backwardRun64(v, sgn0, a, ao, m, b, bo, n, xa, xo + i, ga, go + i, da, dox + i, k,
                            i & (LANES - 1), acc.num, nBase, acc.den, dBase);
                } else {
                    // warm-up (see Warmup): scalar code, except one timed probe of the vector kernel
                    int j = 0;
                    int skew = (int) (t / TILE) & 1;
                    if (!probed && k >= skew + 2 * Warmup.PROBE) {
                        // at the run's start (aligned in a chunk of one group), or one element in on
                        // alternate chunks (a partial row at both ends): the profile C2 compiles with
                        // has seen every path of the kernel
                        // then the scalar code timed on as many elements as the probe, so that
                        // the timer's own cost weighs the same on both sides
                        probed = true;
                        probeCount = Warmup.PROBE;
                        scalarRun64(v, sgn0, a, ao, m, b, bo, n, xa, xo + i, ga, go + i, da, dox + i, skew,
                                i & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        j = skew;
                        long s0 = System.nanoTime();
                        backwardRun64(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j,
                                probeCount, (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        long s1 = System.nanoTime();
                        vectorNanos = s1 - s0;
                        j += probeCount;
                        scalarCount = Math.min(probeCount, k - j);
                        scalarRun64(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j,
                                scalarCount, (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                        scalarNanos = System.nanoTime() - s1;
                        j += scalarCount;
                    }
                    scalarRun64(v, sgn0, a, ao, m, b, bo, n, xa, xo + i + j, ga, go + i + j, da, dox + i + j, k - j,
                            (i + j) & (LANES - 1), acc.num, nBase, acc.den, dBase);
                }
                cur.skip(k);
                i += k;
            }
            if (probed) {
                Warmup.RUN64.report(vectorNanos, probeCount, scalarNanos, scalarCount);
            }
            if (!arrays) {
                dx.writeDoubles(t, gs, 0, len);
            }
            acc.endChunk();
            if ((t + len) % BLOCK == 0 || t + len == end) {
                acc.endBlock(gradNumerator, gradDenominator);
            }
        }
    }

    /** {@link #backwardRun64} in scalar code (warm-up, and layouts the vector kernels do not take). */
    static void scalarRun64(Version v, double sgn0, double[] a, int ao, int m, double[] b, int bo, int n,
            double[] xa, int xo, double[] ga, int go, double[] da, int dox, int len, int lane0, double[] accN,
            int nBase, double[] accD, int dBase) {
        for (int i = 0; i < len; i++) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
        }
    }

    /**
     * Backward over {@code len} elements with the same groups, the first in lane {@code lane0};
     * lane accumulators of the run's groups at {@code accN[nBase + 16 * i + lane]} and
     * {@code accD[dBase + 16 * k + lane]}.
     */
    static void backwardRun64(Version v, double sgn0, double[] a, int ao, int m, double[] b, int bo, int n,
            double[] xa, int xo, double[] ga, int go, double[] da, int dox, int len, int lane0, double[] accN,
            int nBase, double[] accD, int dBase) {
        int i = 0;
        while (i < len && ((lane0 + i) & (DL - 1)) != 0) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
            i++;
        }
        int nb = v.denominatorLength(n);
        double am = a[ao + m];
        DoubleVector one = DoubleVector.broadcast(DS, 1.0);
        DoubleVector minusOne = DoubleVector.broadcast(DS, -1.0);
        DoubleVector zeroSign = DoubleVector.broadcast(DS, sgn0);
        DoubleVector zero = DoubleVector.zero(DS);
        for (; i + DL <= len; i += DL) {
            int lane = (lane0 + i) & (LANES - 1);
            DoubleVector x = DoubleVector.fromArray(DS, xa, xo + i);
            DoubleVector g = DoubleVector.fromArray(DS, ga, go + i);
            DoubleVector p = DoubleVector.broadcast(DS, am);
            DoubleVector dp = zero;
            for (int j = m - 1; j >= 0; j--) {
                dp = dp.fma(x, p);
                p = p.fma(x, DoubleVector.broadcast(DS, a[ao + j]));
            }
            DoubleVector q;
            DoubleVector dq;
            DoubleVector sg = one;
            DoubleVector base = x;
            switch (v) {
                case A: {
                    DoubleVector ax = x.abs();
                    base = ax;
                    q = DoubleVector.broadcast(DS, Math.abs(b[bo + n - 1]));
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(ax, q);
                        q = q.fma(ax, DoubleVector.broadcast(DS, Math.abs(b[bo + k])));
                    }
                    dq = dq.fma(ax, q);
                    q = q.fma(ax, one);
                    DoubleVector sx = one.blend(minusOne, x.lt(0.0)).blend(zeroSign, x.eq(0.0));
                    dq = sx.mul(dq);
                    break;
                }
                case B: {
                    DoubleVector s = DoubleVector.broadcast(DS, b[bo + n - 1]);
                    DoubleVector ds = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    ds = ds.fma(x, s);
                    s = s.mul(x);
                    q = s.abs().add(1.0);
                    sg = one.blend(minusOne, s.lt(0.0)).blend(zeroSign, s.eq(0.0));
                    dq = sg.mul(ds);
                    break;
                }
                case C: {
                    DoubleVector s = DoubleVector.broadcast(DS, b[bo + n]);
                    DoubleVector ds = zero;
                    for (int k = n - 1; k >= 0; k--) {
                        ds = ds.fma(x, s);
                        s = s.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    q = s.abs().add(0.1);
                    sg = one.blend(minusOne, s.lt(0.0)).blend(zeroSign, s.eq(0.0));
                    dq = sg.mul(ds);
                    break;
                }
                default: {
                    q = DoubleVector.broadcast(DS, b[bo + n - 1]);
                    dq = zero;
                    for (int k = n - 2; k >= 0; k--) {
                        dq = dq.fma(x, q);
                        q = q.fma(x, DoubleVector.broadcast(DS, b[bo + k]));
                    }
                    dq = dq.fma(x, q);
                    q = q.fma(x, one);
                    break;
                }
            }
            DoubleVector y = p.div(q);
            DoubleVector t = g.div(q);
            t.mul(y.neg().fma(dq, dp)).intoArray(da, dox + i);
            DoubleVector u = t.mul(y);
            DoubleVector w = (v == Version.A || v == Version.N) ? u.neg() : u.mul(sg).neg();

            DoubleVector pw = one;
            for (int j = 0; j <= m; j++) {
                int at = nBase + LANES * j + lane;
                t.fma(pw, DoubleVector.fromArray(DS, accN, at)).intoArray(accN, at);
                pw = pw.mul(x);
            }
            pw = v == Version.C ? one : base;
            for (int k = 0; k < nb; k++) {
                int at = dBase + LANES * k + lane;
                w.fma(pw, DoubleVector.fromArray(DS, accD, at)).intoArray(accD, at);
                pw = pw.mul(base);
            }
        }
        for (; i < len; i++) {
            int lane = (lane0 + i) & (LANES - 1);
            da[dox + i] = ScalarKernels.backward(v, sgn0, xa[xo + i], ga[go + i], a, ao, m, b, bo, n, accN,
                    nBase + lane, accD, dBase + lane);
        }
    }
}
