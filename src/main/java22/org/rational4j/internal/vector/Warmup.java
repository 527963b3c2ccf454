package org.rational4j.internal.vector;

/**
 * When a vector kernel may run: until HotSpot's C2 has compiled it, its Vector API calls are not
 * intrinsified (every operation allocates) and it runs 10 to 100 times slower than the scalar
 * code, for up to seconds after start. So the kernels guarded here run the scalar code (the same
 * bits, the same lane accumulators) and time one short probe of the vector kernel per piece of
 * work (a backward chunk, a forward tile), which also gives HotSpot the invocations it counts. The
 * first time a probe is faster per element than the scalar code on the same piece, twice in a row,
 * the vector kernel is compiled (an uncompiled one is never close), and from the next piece on it
 * runs: within a call, not only from the next call.
 *
 * <p>A probe covers {@link #PROBE} elements, two rows of the contract's 16 lanes (at least two
 * vectors), so that the timer's own cost (tens of nanoseconds) stays small beside it at every
 * vector width; a 1x bar rather than a margin keeps noise on a loaded machine from holding the
 * switch back (a compiled kernel is 5 to 30 times faster than the scalar code).
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

    /** Counts a win when the probe took less time per element than the scalar code. */
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
