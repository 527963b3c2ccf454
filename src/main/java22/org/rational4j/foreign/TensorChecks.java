package org.rational4j.foreign;

import org.rational4j.DType;
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

    /** {@code name} (dtype, shape) must match {@code otherName}'s: one call takes tensors of one kind. */
    static void checkLike(String name, DType dtype, Shape shape, String otherName, DType otherDtype, Shape otherShape) {
        if (dtype != otherDtype) {
            throw new IllegalArgumentException(name + " is " + dtype + " but " + otherName + " is "
                    + otherDtype + "; use tensors of one dtype");
        }
        if (!shape.equals(otherShape)) {
            throw new IllegalArgumentException(name + " has shape " + shape + " but " + otherName + " has "
                    + otherShape + "; use tensors of one shape");
        }
    }
}
