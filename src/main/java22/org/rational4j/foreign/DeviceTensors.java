package org.rational4j.foreign;

import java.util.List;

import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.internal.ApiBridge;
import org.rational4j.internal.Plan;
import org.rational4j.internal.cuda.CudaBackend;
import org.rational4j.internal.cuda.CudaLibrary;

/**
 * {@link RationalActivation} on {@link DeviceTensor}s with the CUDA backend (JDK 22+, a CUDA GPU,
 * librational4j_cuda; docs/cuda.md). The results have the same bits as the CPU backends, gradients
 * included. Same rules as {@link RationalTensors}: one dtype and shape, {@code y} may be
 * {@code x}, {@code dx} may be {@code dy} or {@code x}, no other overlap. {@code stream} is a
 * {@code cudaStream_t} as a long (0: the default stream). Forward is asynchronous on the stream;
 * backward returns once the gradients are in {@code grads}.
 */
public final class DeviceTensors {
    private DeviceTensors() {
    }

    /** True when the CUDA backend can run here (library, driver and a device). */
    public static boolean isAvailable() {
        return CudaLibrary.state().available;
    }

    /** Why the CUDA backend cannot run here, or null when it can. */
    public static String unavailableReason() {
        CudaLibrary.State s = CudaLibrary.state();
        return s.available ? null : s.reason;
    }

    /** One line per CUDA device (index, name, compute capability, memory); empty when unavailable. */
    public static List<String> devices() {
        return CudaLibrary.state().devices;
    }

    public static void forward(RationalActivation activation, DeviceTensor x, DeviceTensor y) {
        forward(activation, x, y, 0L);
    }

    /** y = R(x), queued on {@code stream}. */
    public static void forward(RationalActivation activation, DeviceTensor x, DeviceTensor y, long stream) {
        TensorChecks.forwardArgs(activation, x, y);
        x.checkOpen("x");
        y.checkOpen("y");
        checkOverlap("x", x, "y", y);
        Plan plan = ApiBridge.get().checkedPlan(activation, x.shape(), null);
        CudaBackend.require();
        CudaBackend.forward(plan, x.dtype(), x.shape(), x.operand(), y.operand(), 0, x.size(), stream);
    }

    public static void backward(RationalActivation activation, DeviceTensor x, DeviceTensor dy, DeviceTensor dx,
            Gradients grads) {
        backward(activation, x, dy, dx, grads, 0L);
    }

    /** Writes dx and adds the coefficient gradients into {@code grads}, on {@code stream}. */
    public static void backward(RationalActivation activation, DeviceTensor x, DeviceTensor dy, DeviceTensor dx,
            Gradients grads, long stream) {
        TensorChecks.backwardArgs(activation, x, dy, dx, grads);
        x.checkOpen("x");
        dy.checkOpen("dy");
        dx.checkOpen("dx");
        checkOverlap("x", x, "dx", dx);
        checkOverlap("dy", dy, "dx", dx);
        Plan plan = ApiBridge.get().checkedPlan(activation, x.shape(), grads);
        CudaBackend.require();
        ApiBridge.get().addGradients(activation, grads, (gn, gd) -> CudaBackend.backward(plan, x.dtype(),
                x.shape(), x.operand(), dy.operand(), dx.operand(), 0, x.size(), gn, gd, stream));
    }


    private static void checkOverlap(String inName, DeviceTensor in, String outName, DeviceTensor out) {
        long a0 = in.address(), a1 = a0 + in.byteSize(), b0 = out.address(), b1 = b0 + out.byteSize();
        if (a0 != b0 && a0 < b1 && b0 < a1) {
            throw new IllegalArgumentException(outName + " partially overlaps " + inName
                    + "; use the same tensor (in place) or disjoint memory");
        }
    }
}
