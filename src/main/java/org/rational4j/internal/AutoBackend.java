package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.Shape;

/**
 * {@code auto}: a native backend where a native call pays, the best pure-Java backend where it
 * does not (small calls, where the call overhead dominates). Both give the same bits, so the
 * switch is invisible except in speed. The thresholds come from the native backend's
 * {@link CallOverhead}, measured by the JMH suite in bench/.
 */
final class AutoBackend implements Backend {
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
        // where a native call pays is a property of the backend (its call overhead), not of its name
        this.forwardNativeFrom = nativeBackend == null ? Long.MAX_VALUE
                : nativeBackend.callOverhead().nativeFrom(false);
        this.backwardNativeFrom = nativeBackend == null ? Long.MAX_VALUE
                : nativeBackend.callOverhead().nativeFrom(true);
    }

    /** The end of {@link #describe()} for a native backend of this overhead and a pure-Java one. */
    static String splitDescription(CallOverhead nativeOverhead, String javaName) {
        long f = nativeOverhead.nativeFrom(false);
        long b = nativeOverhead.nativeFrom(true);
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
                : nativeBackend.describe() + splitDescription(nativeBackend.callOverhead(), javaBackend.name());
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
