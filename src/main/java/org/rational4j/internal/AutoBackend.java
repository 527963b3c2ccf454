package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.Shape;

/**
 * {@code auto}: a native backend where a native call pays, the best pure-Java backend where it
 * does not (small calls, where the call overhead dominates). Both give the same bits, so the
 * switch is invisible except in speed. The thresholds are measured by the JMH suite in bench/.
 */
final class AutoBackend implements Backend {
    /*
     * Measured with bench/ (docs/benchmarks.md, f32 (5,4) A, one thread, JDK 25, AVX-512): an FFM
     * critical downcall with the API's checks costs about 60 ns, the time the vector backend needs
     * for some 64 elements of forward; a JNA call (direct mapping) about 500 ns, some 1K elements.
     * The pure-Java backward has a larger fixed cost per call than either binding (its canonical
     * summation), so backward goes native at every size.
     */
    /** Forward calls of fewer elements stay in Java when the native backend is ffm. */
    static final long FFM_FORWARD_NATIVE_FROM = 64;
    /** Forward calls of fewer elements stay in Java when the native backend is jna. */
    static final long JNA_FORWARD_NATIVE_FROM = 1024;
    /** Backward calls of fewer elements stay in Java (either binding). */
    static final long BACKWARD_NATIVE_FROM = 0;

    private final Backend nativeBackend;
    private final Backend javaBackend;
    private final long forwardNativeFrom;
    private final long backwardNativeFrom;

    AutoBackend(Backend nativeBackend, Backend javaBackend) {
        if (javaBackend == null) {
            throw new IllegalStateException("no pure-Java backend: the scalar backend is always there");
        }
        this.nativeBackend = nativeBackend;
        this.javaBackend = javaBackend;
        this.forwardNativeFrom = nativeBackend == null ? Long.MAX_VALUE : nativeFrom(nativeBackend.name(), false);
        this.backwardNativeFrom = nativeBackend == null ? Long.MAX_VALUE : nativeFrom(nativeBackend.name(), true);
    }

    /** Calls of at least this many elements run on the native backend called {@code nativeName}. */
    static long nativeFrom(String nativeName, boolean backward) {
        if (backward) {
            return BACKWARD_NATIVE_FROM;
        }
        return nativeName.equals("ffm") ? FFM_FORWARD_NATIVE_FROM : JNA_FORWARD_NATIVE_FROM;
    }

    /** The end of {@link #describe()} for a native and a pure-Java backend. */
    static String splitDescription(String nativeName, String javaName) {
        long f = nativeFrom(nativeName, false);
        long b = nativeFrom(nativeName, true);
        String s = "; " + javaName + " for forward calls below " + f + " elements";
        return b > 0 ? s + ", backward below " + b : s;
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public String describe() {
        return nativeBackend == null
                ? javaBackend.describe() + "; no native backend"
                : nativeBackend.describe() + splitDescription(nativeBackend.name(), javaBackend.name());
    }

    @Override
    public boolean isNative() {
        return nativeBackend != null;
    }

    @Override
    public Backend forSize(long elements, boolean backward) {
        return elements >= (backward ? backwardNativeFrom : forwardNativeFrom) ? nativeBackend : javaBackend;
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        forSize(end - begin, false).forward(plan, dtype, shape, x, y, begin, end);
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        forSize(end - begin, true).backward(plan, dtype, shape, x, dy, dx, begin, end, gradNumerator,
                gradDenominator);
    }
}
