package org.rational4j.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;

/**
 * The CUDA kernels of librational4j_cuda (docs/cuda.md) on {@link DeviceOperand}s: the same bits
 * as the CPU backends, gradients included. It runs only on device memory, so {@code auto} never
 * picks it (it is not in {@code Backends.NAMES}); callers reach it through
 * {@code org.rational4j.foreign.DeviceTensors} or {@code -Drational4j.backend=cuda} with device
 * tensors. Host operands are refused with {@link UnsupportedOperationException}. Internal.
 */
public final class CudaBackend implements Backend {
    static final String NAME = "cuda";
    private final CudaLibrary.State state;

    private CudaBackend(CudaLibrary.State state) {
        this.state = state;
    }

    /** The backend, or {@link BackendUnavailableException} with the reason (no library, driver or GPU). */
    public static Backend create() {
        CudaLibrary.State s = CudaLibrary.state();
        if (!s.available) {
            throw new BackendUnavailableException(NAME, s.reason, s.fix, null);
        }
        return new CudaBackend(s);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return NAME + ": " + String.join("; ", state.devices) + " (" + state.versions + "), library " + state.path;
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        forward(plan, dtype, shape, device(x, "x"), device(y, "y"), begin, end, 0L);
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        backward(plan, dtype, shape, device(x, "x"), device(dy, "dy"), device(dx, "dx"), begin, end, gradNumerator,
                gradDenominator, 0L);
    }

    private static DeviceOperand device(Operand o, String name) {
        if (o instanceof DeviceOperand d) {
            return d;
        }
        throw new UnsupportedOperationException("cuda: " + name + " is host memory ("
                + o.getClass().getSimpleName() + "); the cuda backend runs on DeviceTensors only");
    }

    /** Forward on {@code stream} (a cudaStream_t, 0 for the default stream); asynchronous. */
    public static void forward(Plan plan, DType dtype, Shape shape, DeviceOperand x, DeviceOperand y, long begin,
            long end, long stream) {
        RationalSpec s = plan.spec;
        int es = dtype.byteSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment num = coefficients(a, dtype, plan.numerator64, plan.numerator32);
            MemorySegment den = coefficients(a, dtype, plan.denominator64, plan.denominator32);
            int status = (int) CudaLibrary.forward.invokeExact(dtype.code(), s.version().code(), s.numeratorDegree(),
                    s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), x.address + begin * es,
                    y.address + begin * es, begin, end, MemorySegment.ofAddress(stream));
            CudaLibrary.check("r4j_cuda_forward", status);
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    /** Backward on {@code stream}; returns when the gradients are in the arrays. */
    public static void backward(Plan plan, DType dtype, Shape shape, DeviceOperand x, DeviceOperand dy,
            DeviceOperand dx, long begin, long end, double[] gradNumerator, double[] gradDenominator, long stream) {
        RationalSpec s = plan.spec;
        int es = dtype.byteSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment num = coefficients(a, dtype, plan.numerator64, plan.numerator32);
            MemorySegment den = coefficients(a, dtype, plan.denominator64, plan.denominator32);
            MemorySegment gn = a.allocate(JAVA_DOUBLE, Math.max(1, gradNumerator.length));
            MemorySegment gd = a.allocate(JAVA_DOUBLE, Math.max(1, gradDenominator.length));
            MemorySegment.copy(gradNumerator, 0, gn, JAVA_DOUBLE, 0, gradNumerator.length);
            MemorySegment.copy(gradDenominator, 0, gd, JAVA_DOUBLE, 0, gradDenominator.length);
            int status = (int) CudaLibrary.backward.invokeExact(dtype.code(), s.version().code(), s.numeratorDegree(),
                    s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), x.address + begin * es,
                    dy.address + begin * es, dx.address + begin * es, begin, end, gn, gd,
                    MemorySegment.ofAddress(stream));
            CudaLibrary.check("r4j_cuda_backward", status);
            MemorySegment.copy(gn, JAVA_DOUBLE, 0, gradNumerator, 0, gradNumerator.length);
            MemorySegment.copy(gd, JAVA_DOUBLE, 0, gradDenominator, 0, gradDenominator.length);
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    private static MemorySegment coefficients(Arena a, DType dtype, double[] v64, float[] v32) {
        if (dtype.computesInDouble()) {
            MemorySegment m = a.allocate(JAVA_DOUBLE, Math.max(1, v64.length));
            MemorySegment.copy(v64, 0, m, JAVA_DOUBLE, 0, v64.length);
            return m;
        }
        MemorySegment m = a.allocate(JAVA_FLOAT, Math.max(1, v32.length));
        MemorySegment.copy(v32, 0, m, JAVA_FLOAT, 0, v32.length);
        return m;
    }

    // ------------------------------------------------------------------ runtime helpers

    /** cudaMalloc of {@code bytes}; the device address. */
    public static long malloc(long bytes) {
        require();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(java.lang.foreign.ValueLayout.ADDRESS);
            CudaLibrary.check("r4j_cuda_malloc", (int) CudaLibrary.malloc.invokeExact(bytes, p));
            return p.get(java.lang.foreign.ValueLayout.ADDRESS, 0).address();
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    public static void free(long address) {
        require();
        try {
            CudaLibrary.check("r4j_cuda_free", (int) CudaLibrary.free.invokeExact(address));
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    /** Copies {@code bytes} (kind 1 host to device, 2 device to host, 3 device to device) and waits. */
    public static void memcpy(MemorySegment dst, MemorySegment src, long bytes, int kind, long stream) {
        require();
        try {
            CudaLibrary.check("r4j_cuda_memcpy", (int) CudaLibrary.memcpy.invokeExact(dst, src, bytes, kind, stream));
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    public static void synchronize(long stream) {
        require();
        try {
            CudaLibrary.check("r4j_cuda_stream_synchronize", (int) CudaLibrary.streamSync.invokeExact(stream));
        } catch (Throwable t) {
            throw CudaLibrary.rethrow(t);
        }
    }

    /** Throws {@link BackendUnavailableException} with the reason unless CUDA can run here. */
    public static void require() {
        CudaLibrary.State s = CudaLibrary.state();
        if (!s.available) {
            throw new BackendUnavailableException(NAME, s.reason, s.fix, null);
        }
    }
}
