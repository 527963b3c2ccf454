package org.rational4j.internal.vector;

import org.rational4j.DType;
import org.rational4j.Shape;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;
import org.rational4j.internal.ScalarBackend;

/**
 * {@code vector}: pure Java on the incubating Vector API ({@code jdk.incubator.vector}, JDK 22+),
 * 16 f32 lanes (one 512-bit vector, or two 256-bit ones) in the contract's operation order, so
 * the results are bit-identical to every other backend. This class names no vector type, so that
 * {@link #create()} can report a missing module instead of failing to link.
 */
public final class VectorBackend implements Backend {
    static final String MODULE = "jdk.incubator.vector";

    private VectorBackend() {
    }

    /**
     * @throws BackendUnavailableException when the JVM runs without {@code --add-modules
     *         jdk.incubator.vector}
     */
    public static Backend create() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            throw new BackendUnavailableException("vector", "the module " + MODULE + " is not resolved",
                    "--add-modules " + MODULE);
        }
        try {
            VectorKernels.check();
        } catch (LinkageError e) {
            throw new BackendUnavailableException("vector", "the Vector API failed to load: " + e,
                    "--add-modules " + MODULE, e);
        }
        return new VectorBackend();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String describe() {
        return "vector (Java Vector API, " + VectorKernels.describe() + "; Java " + Runtime.version().feature()
                + ")";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        if (dtype == DType.F64) {
            VectorKernels.forward64(plan, shape, x, y, begin, end);
        } else {
            VectorKernels.forward32(plan, dtype, shape, x, y, begin, end);
        }
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        ScalarBackend.checkBackwardRange(shape, begin, end);
        if (dtype == DType.F64) {
            VectorKernels.backward64(plan, shape, x, dy, dx, begin, end, gradNumerator, gradDenominator);
        } else {
            VectorKernels.backward32(plan, dtype, shape, x, dy, dx, begin, end, gradNumerator, gradDenominator);
        }
    }
}
