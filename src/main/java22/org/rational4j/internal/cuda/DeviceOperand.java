package org.rational4j.internal.cuda;

import org.rational4j.DType;
import org.rational4j.internal.Operand;

/**
 * A tensor in CUDA device memory: element 0 at {@code address}, {@code capacity} elements of
 * {@code dtype}. Only the cuda backend runs on it; the host-side tile access of {@link Operand}
 * is refused (the elements are not in this process's address space). Internal; built by
 * {@code org.rational4j.foreign.DeviceTensor} after validation.
 */
public final class DeviceOperand extends Operand {
    public final long address;
    public final DType dtype;
    private final long capacity;

    public DeviceOperand(long address, DType dtype, long capacity) {
        this.address = address;
        this.dtype = dtype;
        this.capacity = capacity;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    private static UnsupportedOperationException hostAccess() {
        return new UnsupportedOperationException("a device tensor's elements are not readable on the host; "
                + "copy it with DeviceTensor.copyTo, or run it on the cuda backend");
    }

    @Override
    public void readFloats(DType type, long start, float[] dst, int dstOffset, int n) {
        throw hostAccess();
    }

    @Override
    public void writeFloats(DType type, long start, float[] src, int srcOffset, int n) {
        throw hostAccess();
    }

    @Override
    public void readDoubles(long start, double[] dst, int dstOffset, int n) {
        throw hostAccess();
    }

    @Override
    public void writeDoubles(long start, double[] src, int srcOffset, int n) {
        throw hostAccess();
    }
}
