package org.rational4j.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.rational4j.DType;

/**
 * A tensor in a {@link MemorySegment} (native or heap), element 0 at the segment's start, in
 * native byte order, any alignment. Internal; built by {@code org.rational4j.foreign.RationalTensors}
 * after validation (segment alive, large enough, accessible by the calling thread).
 */
public final class SegmentOperand extends Operand {
    /** The tensor's bytes from element 0 (exactly {@code size * dtype.byteSize()} long). */
    public final MemorySegment segment;
    public final DType dtype;

    public SegmentOperand(MemorySegment segment, DType dtype) {
        this.segment = segment;
        this.dtype = dtype;
    }

    @Override
    public long capacity() {
        return segment.byteSize() / dtype.byteSize();
    }

    @Override
    public long nativeAddress() {
        return segment.isNative() && Arenas.pinned(segment) ? segment.address() : -1;
    }

    @Override
    public NativeStaging nativeStaging(DType type) {
        return new Arenas.Copied(segment, type.byteSize());
    }

    private void check(DType asked) {
        if (asked != dtype) {
            throw new UnsupportedOperationException("segment holds " + dtype + " data, not " + asked);
        }
    }

    @Override
    public void readFloats(DType type, long start, float[] dst, int dstOffset, int n) {
        check(type);
        if (type == DType.F32) {
            MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT_UNALIGNED, start * 4, dst, dstOffset, n);
        } else {
            short[] tmp = new short[n];
            MemorySegment.copy(segment, ValueLayout.JAVA_SHORT_UNALIGNED, start * 2, tmp, 0, n);
            widen(type, tmp, 0, dst, dstOffset, n);
        }
    }

    @Override
    public void writeFloats(DType type, long start, float[] src, int srcOffset, int n) {
        check(type);
        if (type == DType.F32) {
            MemorySegment.copy(src, srcOffset, segment, ValueLayout.JAVA_FLOAT_UNALIGNED, start * 4, n);
        } else {
            short[] tmp = new short[n];
            narrow(type, src, srcOffset, tmp, 0, n);
            MemorySegment.copy(tmp, 0, segment, ValueLayout.JAVA_SHORT_UNALIGNED, start * 2, n);
        }
    }

    @Override
    public void readDoubles(long start, double[] dst, int dstOffset, int n) {
        check(DType.F64);
        MemorySegment.copy(segment, ValueLayout.JAVA_DOUBLE_UNALIGNED, start * 8, dst, dstOffset, n);
    }

    @Override
    public void writeDoubles(long start, double[] src, int srcOffset, int n) {
        check(DType.F64);
        MemorySegment.copy(src, srcOffset, segment, ValueLayout.JAVA_DOUBLE_UNALIGNED, start * 8, n);
    }
}
