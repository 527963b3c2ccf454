package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.Shape;

/**
 * {@code auto}: a native backend where a native call pays, the best pure-Java backend where it
 * does not (small calls, where the call overhead dominates). Both give the same bits, so the
 * switch is invisible except in speed. The thresholds are measured by the JMH suite in bench/.
 */
final class AutoBackend implements Backend {
    /** Elements below which a forward call stays in Java. */
    static final long FORWARD_NATIVE_FROM = 256;
    /** Elements below which a backward call stays in Java. */
    static final long BACKWARD_NATIVE_FROM = 256;

    private final Backend nativeBackend;
    private final Backend javaBackend;

    AutoBackend(Backend nativeBackend, Backend javaBackend) {
        if (javaBackend == null) {
            throw new IllegalStateException("no pure-Java backend: the scalar backend is always there");
        }
        this.nativeBackend = nativeBackend;
        this.javaBackend = javaBackend;
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public String describe() {
        return nativeBackend == null
                ? javaBackend.describe() + "; no native backend"
                : nativeBackend.describe() + "; " + javaBackend.name() + " below "
                        + FORWARD_NATIVE_FROM + " elements";
    }

    @Override
    public boolean isNative() {
        return nativeBackend != null;
    }

    /** The backend that runs a call of {@code elements} elements (for tests and benchmarks). */
    Backend choose(long elements, boolean backward) {
        long from = backward ? BACKWARD_NATIVE_FROM : FORWARD_NATIVE_FROM;
        return nativeBackend != null && elements >= from ? nativeBackend : javaBackend;
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        choose(end - begin, false).forward(plan, dtype, shape, x, y, begin, end);
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        choose(end - begin, true).backward(plan, dtype, shape, x, dy, dx, begin, end, gradNumerator,
                gradDenominator);
    }
}
