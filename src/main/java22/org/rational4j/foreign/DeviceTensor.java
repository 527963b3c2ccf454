package org.rational4j.foreign;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import org.rational4j.DType;
import org.rational4j.Shape;
import org.rational4j.internal.cuda.CudaBackend;
import org.rational4j.internal.cuda.DeviceOperand;

/**
 * A tensor in CUDA device memory: {@code shape.size()} contiguous elements of {@code dtype} from a
 * device address, for {@link DeviceTensors} (JDK 22+). Either over memory the caller owns
 * ({@link #wrap}: e.g. a pointer from another CUDA library; never freed here) or allocated by
 * {@link #allocate} (freed by {@link #close}). The address must be device (or managed) memory of
 * the current device, aligned to the element size; the CUDA library checks that on each call.
 */
public final class DeviceTensor implements AutoCloseable, TensorChecks.Described {
    private final long address;
    private final DType dtype;
    private final Shape shape;
    private final boolean owned;
    private volatile boolean closed;

    private DeviceTensor(long address, DType dtype, Shape shape, boolean owned) {
        this.address = address;
        this.dtype = dtype;
        this.shape = shape;
        this.owned = owned;
    }

    /**
     * A view of device memory at {@code address} that the caller owns and keeps alive.
     *
     * @throws IllegalArgumentException if the address is 0 or not aligned to the element size
     */
    public static DeviceTensor wrap(long address, DType dtype, Shape shape) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        TensorChecks.bytes(dtype, shape);
        if (address == 0) {
            throw new IllegalArgumentException("address is 0 (NULL); pass a device pointer");
        }
        if (address % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(address) + " is not aligned to the "
                    + dtype + " element size " + dtype.byteSize());
        }
        return new DeviceTensor(address, dtype, shape, false);
    }

    /**
     * Device memory for {@code shape} (cudaMalloc, not initialised), freed by {@link #close}.
     *
     * @throws org.rational4j.BackendUnavailableException without a usable GPU, with the reason
     */
    public static DeviceTensor allocate(DType dtype, Shape shape) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        long bytes = TensorChecks.bytes(dtype, shape);
        return new DeviceTensor(CudaBackend.malloc(bytes), dtype, shape, true);
    }

    /** Copies a host tensor of the same dtype and shape into this one (waits until done). */
    public void copyFrom(Tensor host) {
        copy(host, true);
    }

    /** Copies this tensor into a host tensor of the same dtype and shape (waits until done). */
    public void copyTo(Tensor host) {
        copy(host, false);
    }

    private void copy(Tensor host, boolean toDevice) {
        Objects.requireNonNull(host, "host");
        checkOpen("this");
        if (host.dtype() != dtype || !host.shape().equals(shape)) {
            throw new IllegalArgumentException("host tensor is " + host.dtype() + " " + host.shape() + " but this is "
                    + dtype + " " + shape + "; use one dtype and shape");
        }
        long bytes = TensorChecks.bytes(dtype, shape);
        MemorySegment dev = MemorySegment.ofAddress(address);
        if (host.segment().isNative()) {
            CudaBackend.memcpy(toDevice ? dev : host.segment(), toDevice ? host.segment() : dev, bytes,
                    toDevice ? 1 : 2, 0L);
            return;
        }
        try (Arena a = Arena.ofConfined()) { // heap memory moves: go through a native copy
            MemorySegment tmp = a.allocate(bytes, 64);
            if (toDevice) {
                tmp.copyFrom(host.segment());
                CudaBackend.memcpy(dev, tmp, bytes, 1, 0L);
            } else {
                CudaBackend.memcpy(tmp, dev, bytes, 2, 0L);
                host.segment().copyFrom(tmp);
            }
        }
    }

    void checkOpen(String name) {
        if (closed) {
            throw new IllegalStateException(name + ": the device tensor is closed");
        }
    }

    DeviceOperand operand() {
        return new DeviceOperand(address, dtype, shape.size());
    }

    /** The device address of element 0. */
    public long address() {
        return address;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public long size() {
        return shape.size();
    }

    long byteSize() {
        return TensorChecks.bytes(dtype, shape);
    }

    /** Frees the memory of an {@link #allocate}d tensor (nothing for a {@link #wrap}ped one); idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (owned) {
            CudaBackend.free(address);
        }
    }

    @Override
    public String toString() {
        return "DeviceTensor[" + dtype + " " + shape + " at 0x" + Long.toHexString(address)
                + (owned ? ", owned" : "") + (closed ? ", closed" : "") + "]";
    }
}
