package org.rational4j.foreign;

import java.util.Objects;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;

/** The checks host ({@link Tensor}) and device ({@link DeviceTensor}) tensors share. */
final class TensorChecks {
    private TensorChecks() {
    }

    /** The bytes a tensor of {@code shape} holds; shapes past Long.MAX_VALUE bytes are refused. */
    static long bytes(DType dtype, Shape shape) {
        try {
            return Math.multiplyExact(shape.size(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + shape + " of " + dtype + " has more than Long.MAX_VALUE bytes");
        }
    }

    /** What the checks read of a host or a device tensor. */
    interface Described {
        DType dtype();

        Shape shape();
    }

    /** The arguments of a forward call are there, and y is like x. */
    static void forwardArgs(RationalActivation activation, Described x, Described y) {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        checkLike("y", y, "x", x);
    }

    /** The arguments of a backward call are there, and dy and dx are like x. */
    static void backwardArgs(RationalActivation activation, Described x, Described dy, Described dx,
            Gradients grads) {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(dy, "dy");
        Objects.requireNonNull(dx, "dx");
        Objects.requireNonNull(grads, "grads");
        checkLike("dy", dy, "x", x);
        checkLike("dx", dx, "x", x);
    }

    /** {@code name} (dtype, shape) must match {@code otherName}'s: one call takes tensors of one kind. */
    private static void checkLike(String name, Described t, String otherName, Described other) {
        if (t.dtype() != other.dtype()) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + " but " + otherName + " is "
                    + other.dtype() + "; use tensors of one dtype");
        }
        if (!t.shape().equals(other.shape())) {
            throw new IllegalArgumentException(name + " has shape " + t.shape() + " but " + otherName + " has "
                    + other.shape() + "; use tensors of one shape");
        }
    }
}
