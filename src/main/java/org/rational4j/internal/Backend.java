package org.rational4j.internal;

import org.rational4j.DType;
import org.rational4j.Shape;

/**
 * One way of running the kernels of docs/contract.md: {@code ffm}, {@code jna}, {@code vector},
 * {@code scalar}. Every implementation gives the same bits. Callers (the public API) have already
 * validated the shape, the groups, the operands' capacities, the range and its block alignment;
 * a backend only dispatches on the operand classes it supports and throws
 * {@link UnsupportedOperationException} for the others. Internal: not part of the public API.
 */
public interface Backend {

    /** "ffm", "jna", "vector" or "scalar". */
    String name();

    /** One line for logs and {@code rational4j info}: for native backends the tier and library path. */
    String describe();

    /** True when this backend runs native code (and so pays a call overhead). */
    boolean isNative();

    /**
     * What one call costs before any element is computed; {@code auto} runs calls too small to pay
     * for it on a pure-Java backend. {@link CallOverhead#NONE} for pure-Java backends.
     */
    default CallOverhead callOverhead() {
        return CallOverhead.NONE;
    }

    /**
     * The fix for the JVM's native-access warning when this backend's native calls caused one (JDK
     * 22+ without {@code --enable-native-access} for the calling module), else null.
     */
    default String nativeAccessFix() {
        return null;
    }

    /**
     * The backend that runs a call of {@code elements} elements: itself, except for {@code auto},
     * which picks native or pure Java by size. Callers resolve it once per call so that the hot
     * call goes straight to the backend that does the work (one less level for the JIT to inline).
     */
    default Backend forSize(long elements, boolean backward) {
        return this;
    }

    /** y = R(x) over the flat elements [begin, end) of {@code shape}. y may be x. */
    void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end);

    /**
     * dx and the coefficient gradients over [begin, end) (block-aligned as docs/contract.md
     * section 4 requires), adding into {@code gradNumerator} and {@code gradDenominator}.
     */
    void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator);
}
