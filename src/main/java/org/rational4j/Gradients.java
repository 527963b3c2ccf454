package org.rational4j;

import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Caller-owned f64 accumulators for the coefficient gradients, shaped like {@link Coefficients}.
 * Backward calls add into them (so a training loop can sum over batches); {@link #zero()} clears
 * them.
 *
 * <p>Not thread-safe, and misuse is detected: a backward call holds its {@code Gradients} for its
 * whole duration, and another backward call or {@link #zero()} on the same object meanwhile (from
 * any thread) throws {@link ConcurrentModificationException} instead of silently losing sums.
 * Give each concurrent backward call its own and add them up afterwards. Handing one from thread
 * to thread between calls is fine. Reads of {@link #numerator()} and {@link #denominator()} during
 * a call are not detected: they may see partial sums.
 */
public final class Gradients {
    private final RationalSpec spec;
    private final double[] numerator;
    private final double[] denominator;
    /** The thread whose backward call is adding into these accumulators, or null. */
    private final AtomicReference<Thread> user = new AtomicReference<>();

    /**
     * @throws IllegalArgumentException if the spec's groups times coefficients per group exceed the
     *         largest Java array
     */
    public Gradients(RationalSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.numerator = new double[length(spec, "numerator", spec.numeratorGroups(), spec.numeratorLength())];
        this.denominator = new double[length(spec, "denominator", spec.denominatorGroups(),
                spec.denominatorLength())];
    }

    private static int length(RationalSpec spec, String which, int groups, int perGroup) {
        long n = (long) groups * perGroup;
        if (n > Integer.MAX_VALUE - 8) { // the JVM's practical array limit
            throw new IllegalArgumentException(spec + ": " + which + " groups " + groups + " x " + perGroup
                    + " coefficients = " + n + " is more than a Java array holds; use fewer groups");
        }
        return (int) n;
    }

    public RationalSpec spec() {
        return spec;
    }

    /** The live numerator accumulator, {@code [numeratorGroups][m + 1]}. */
    public double[] numerator() {
        return numerator;
    }

    /** The live denominator accumulator, {@code [denominatorGroups][nb]}. */
    public double[] denominator() {
        return denominator;
    }

    /**
     * Clears the accumulators.
     *
     * @throws ConcurrentModificationException while a backward call adds into them
     */
    public void zero() {
        acquire("zero()");
        try {
            Arrays.fill(numerator, 0.0);
            Arrays.fill(denominator, 0.0);
        } finally {
            release();
        }
    }

    /** Marks these accumulators in use by the calling thread's {@code what}; throws if already in use. */
    void acquire(String what) {
        Thread me = Thread.currentThread();
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new ConcurrentModificationException("Gradients " + what + " on thread '" + me.getName()
                    + "' while a backward call on thread '" + (other == null ? "?" : other.getName())
                    + "' adds into them; Gradients are not thread-safe: give each concurrent backward call"
                    + " its own and add them up afterwards");
        }
    }

    void release() {
        user.set(null);
    }

    @Override
    public String toString() {
        return "gradients: numerator " + Arrays.toString(numerator) + ", denominator "
                + Arrays.toString(denominator);
    }
}
