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
 * at the width the JVM prefers ({@link Lanes}: 128, 256 or 512 bits; {@code -Drational4j.vector.bits}
 * caps it) in the contract's operation order and 16-lane summation order, so the results are
 * bit-identical to every other backend at every width. This class names no vector type, so that
 * {@link #create()} can report a missing module instead of failing to link.
 */
public final class VectorBackend implements Backend {
    static final String MODULE = "jdk.incubator.vector";
    /** Caps the vector width (see {@link Lanes}). */
    static final String BITS_PROPERTY = "rational4j.vector.bits";

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
        String bits = System.getProperty(BITS_PROPERTY);
        try {
            pickBits(bits, 512);
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("vector", e.getMessage(),
                    "set -D" + BITS_PROPERTY + " to 128, 256 or 512, or leave it unset", e);
        }
        try {
            VectorKernels.check();
        } catch (LinkageError e) {
            throw new BackendUnavailableException("vector", "the Vector API failed to load: " + e,
                    "--add-modules " + MODULE, e);
        }
        return new VectorBackend();
    }

    /**
     * The vector width in bits: the largest of 512, 256, 128 and 64 that is at most the
     * hardware's width and the requested one (a request above the hardware is capped).
     *
     * @param requested the value of {@code -Drational4j.vector.bits}, or null
     * @throws IllegalArgumentException for a value that is not 128, 256 or 512
     */
    static int pickBits(String requested, int hardware) {
        int cap = hardware;
        if (requested != null && !requested.isBlank()) {
            int r;
            try {
                r = Integer.parseInt(requested.trim());
            } catch (NumberFormatException e) {
                r = -1;
            }
            if (r != 128 && r != 256 && r != 512) {
                throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + requested
                        + ": expected 128, 256 or 512");
            }
            cap = Math.min(cap, r);
        }
        for (int b = 512; b >= 64; b /= 2) {
            if (b <= cap) {
                return b;
            }
        }
        return 64;
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
