package org.rational4j.internal.vector;

/**
 * When a vector kernel may run: until HotSpot's C2 has compiled it, its Vector API calls are not
 * intrinsified (every operation allocates) and it runs 10 to 100 times slower than the scalar
 * code, for up to seconds after start. So the kernels guarded here run the scalar code (the same
 * bits, the same lane accumulators) and time one short probe of the vector kernel per piece of
 * work (a backward chunk, a forward tile), which also gives HotSpot the invocations it counts,
 * against the scalar code timed on as many elements of the same piece. Once the probe is faster
 * twice in a row, the vector kernel is compiled (an uncompiled one is never close), and from the
 * next piece on it runs: within the call, not only from the next call.
 *
 * <p>A probe covers {@link #PROBE} elements, two rows of the contract's 16 lanes (at least two
 * vectors) at every width. Both sides are timed on the same number of elements, so the timer's own
 * cost (tens of nanoseconds, more on some virtual machines) weighs the same on both and cannot keep
 * a compiled kernel from winning, and the 1x bar leaves noise on a loaded machine no margin to
 * hold the switch back (a compiled kernel is 3 to 30 times faster than the scalar code). The old
 * rule (one vector, twice as fast as the scalar code per element, three times in a row) never
 * passed on 256-bit vectors, where one vector is 8 elements and the timer cost alone was most of
 * the allowance: the backward ran scalar for good.
 */
final class Warmup {
    /** Elements of one probe. */
    static final int PROBE = 2 * Math.max(16, Lanes.FL);
    private static final int WINS = 2;

    static final Warmup FORWARD32 = new Warmup();
    static final Warmup FORWARD64 = new Warmup();
    static final Warmup RUN32 = new Warmup();
    static final Warmup RUN64 = new Warmup();
    static final Warmup TABLE32 = new Warmup();

    private volatile boolean ready;
    private int wins;

    boolean ready() {
        return ready;
    }

    /** For tests: forces the vector kernel on, or back to warm-up. */
    void force(boolean on) {
        wins = 0;
        ready = on;
    }

    /** For tests: every guarded kernel on (true), or back to warm-up (false). */
    static void forceAll(boolean on) {
        FORWARD32.force(on);
        FORWARD64.force(on);
        RUN32.force(on);
        RUN64.force(on);
        TABLE32.force(on);
    }

    /** Counts a win when the probe took less time per element than the scalar code's sample. */
    void report(long vectorNanos, int vectorCount, long scalarNanos, int scalarCount) {
        if (scalarCount == 0 || vectorCount == 0) {
            return;
        }
        if ((double) vectorNanos * scalarCount < (double) scalarNanos * vectorCount) {
            if (++wins >= WINS) {
                ready = true;
            }
        } else {
            wins = 0;
        }
    }
}
