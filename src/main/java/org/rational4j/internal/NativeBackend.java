package org.rational4j.internal;

import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicInteger;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;

/**
 * What every binding of the C library shares, written once: its description, the per-plan cache of
 * the coefficients' native copies, the argument lists of {@code r4j_forward} and
 * {@code r4j_backward} (native/include/rational4j.h) built from the plan and the shape, the status
 * check, and the reachability fences that keep every operand's memory alive until C returned
 * (docs/safety.md). A binding supplies how it reaches memory ({@code P}: a 64-bit address for JNA,
 * a {@code MemorySegment} for FFM), its coefficient copies, the two raw calls, and how it passes
 * operands ({@link #forwardRange}, {@link #backwardRange}). Internal.
 *
 * @param <P> how the binding passes a pointer
 */
public abstract class NativeBackend<P> implements Backend {
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final String name;
    private final NativeLibrary.Location where;
    private final NativeLibrary.Binding calls;
    private final String accessFix;
    private final CallOverhead overhead;
    /** This instance's slot in each plan's {@link NativeCache}. */
    private final int cacheSlot = SLOTS.getAndIncrement();

    /**
     * @param calls the library's small calls, already registered with {@link NativeLibrary#bound}
     * @param accessFix the fix for the JVM's native-access warning, or null when there is none
     */
    protected NativeBackend(String name, NativeLibrary.Location where, NativeLibrary.Binding calls,
            String accessFix, CallOverhead overhead) {
        this.name = name;
        this.where = where;
        this.calls = calls;
        this.accessFix = accessFix;
        this.overhead = overhead;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String describe() {
        return name + ": native tier " + NativeTiers.isaName(calls.activeIsa()) + " (cpu "
                + NativeTiers.isaName(calls.cpuIsa()) + "), library " + where;
    }

    @Override
    public final boolean isNative() {
        return true;
    }

    @Override
    public final CallOverhead callOverhead() {
        return overhead;
    }

    @Override
    public final String nativeAccessFix() {
        return accessFix;
    }

    /** Where the library was loaded from. */
    public final NativeLibrary.Location location() {
        return where;
    }

    /** A binding's native copies of a plan's coefficients, and the object that owns their memory. */
    protected static final class Coefficients<P> {
        final P num64;
        final P den64;
        final P num32;
        final P den32;
        /** Keeps the memory alive (it is freed once unreachable). */
        final Object owner;

        public Coefficients(P num64, P den64, P num32, P den32, Object owner) {
            this.num64 = num64;
            this.den64 = den64;
            this.num32 = num32;
            this.den32 = den32;
            this.owner = owner;
        }
    }

    /** Copies the plan's f64 and f32 coefficients into native memory freed with the returned object. */
    protected abstract Coefficients<P> copy(Plan plan);

    /** This binding's copies for {@code plan}, made once (a benign race: copies are equivalent). */
    @SuppressWarnings("unchecked")
    protected final Coefficients<P> coefficients(Plan plan) {
        NativeCache cache = NativeCache.of(plan);
        Object c = cache.get(cacheSlot);
        if (c == null) {
            c = copy(plan);
            cache.put(cacheSlot, c);
        }
        return (Coefficients<P>) c;
    }

    @Override
    public final void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        try {
            forwardRange(plan, dtype, shape, x, y, begin, end);
        } finally {
            // Native code got raw memory: keep every owner of it (the buffers, segments and the plan
            // holding the coefficients' copies) reachable until it returned.
            Reference.reachabilityFence(plan);
            Reference.reachabilityFence(x);
            Reference.reachabilityFence(y);
        }
    }

    @Override
    public final void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        try {
            backwardRange(plan, dtype, shape, x, dy, dx, begin, end, gradNumerator, gradDenominator);
        } finally {
            Reference.reachabilityFence(plan);
            Reference.reachabilityFence(x);
            Reference.reachabilityFence(dy);
            Reference.reachabilityFence(dx);
        }
    }

    /** Forward over elements {@code [begin, end)} through {@link #forwardCall}, one or more calls. */
    protected abstract void forwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin,
            long end);

    /** Backward over elements {@code [begin, end)} through {@link #backwardCall}, one or more calls. */
    protected abstract void backwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand dy,
            Operand dx, long begin, long end, double[] gradNumerator, double[] gradDenominator);

    /**
     * One {@code r4j_forward} over elements {@code [begin, end)}; {@code x} and {@code y} point at
     * element {@code begin}'s memory as the ABI wants.
     *
     * @throws IllegalStateException when C reports a status other than 0
     */
    protected final void forwardCall(Plan plan, DType dtype, Shape shape, Coefficients<P> c, P x, P y,
            long begin, long end) {
        RationalSpec s = plan.spec;
        boolean dbl = dtype.computesInDouble();
        int status;
        try {
            status = forwardNative(dtype.code(), s.version().code(), s.numeratorDegree(), s.denominatorDegree(),
                    s.signAtZero().flags(), dbl ? c.num64 : c.num32, s.numeratorGroups(), dbl ? c.den64 : c.den32,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), x, y, begin, end);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            Reference.reachabilityFence(c);
        }
        check("r4j_forward", status);
    }

    /**
     * One {@code r4j_backward} over elements {@code [begin, end)}, adding into the gradients at
     * {@code gradNum} and {@code gradDen}.
     *
     * @throws IllegalStateException when C reports a status other than 0
     */
    protected final void backwardCall(Plan plan, DType dtype, Shape shape, Coefficients<P> c, P x, P dy, P dx,
            long begin, long end, P gradNum, P gradDen) {
        RationalSpec s = plan.spec;
        boolean dbl = dtype.computesInDouble();
        int status;
        try {
            status = backwardNative(dtype.code(), s.version().code(), s.numeratorDegree(), s.denominatorDegree(),
                    s.signAtZero().flags(), dbl ? c.num64 : c.num32, s.numeratorGroups(), dbl ? c.den64 : c.den32,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), x, dy, dx, begin, end,
                    gradNum, gradDen);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            Reference.reachabilityFence(c);
        }
        check("r4j_backward", status);
    }

    /** {@code r4j_forward} as the binding calls it: the C signature, nothing else. */
    protected abstract int forwardNative(int dtype, int version, int m, int n, int flags, P num, int numGroups,
            P den, int denGroups, long outer, long channels, long inner, P x, P y, long begin, long end)
            throws Throwable;

    /** {@code r4j_backward} as the binding calls it: the C signature, nothing else. */
    protected abstract int backwardNative(int dtype, int version, int m, int n, int flags, P num, int numGroups,
            P den, int denGroups, long outer, long channels, long inner, P x, P dy, P dx, long begin, long end,
            P gradNum, P gradDen) throws Throwable;

    /** Throws the error for a status other than 0 returned by {@code function}. */
    public static void check(String function, int status) {
        if (status != 0) {
            throw statusError(function, status);
        }
    }

    /** Rethrows unchecked throwables as they are; wraps the (impossible) checked ones. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
    }

    /** The exception for a nonzero status from the C library, naming the status code. */
    private static IllegalStateException statusError(String function, int status) {
        String name;
        switch (status) {
            case -1:
                name = "R4J_ERR_ARGUMENT (the Java layer passed arguments the C library rejects: a bug)";
                break;
            case -2:
                name = "R4J_ERR_NO_MEMORY (scratch for the coefficient gradients could not be allocated)";
                break;
            default:
                name = "unknown status";
                break;
        }
        return new IllegalStateException(function + " returned " + status + ": " + name);
    }
}
