package org.rational4j.foreign;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.rational4j.DType;
import org.rational4j.Shape;
import org.rational4j.internal.Half;

/**
 * A tensor in a {@link MemorySegment}: {@code shape.size()} contiguous elements of {@code dtype}
 * in native byte order, from the segment's start. Off-heap ({@link #allocate}, 64-byte aligned,
 * in an {@link Arena} the caller controls) or on the heap ({@link #of(float[], Shape)}); sizes
 * beyond 2^31 elements work where memory allows. Immutable view; the elements are the caller's.
 */
public final class Tensor implements TensorChecks.Described {
    /** Alignment of {@link #allocate}: a cache line, and a 512-bit vector. */
    public static final long ALIGNMENT = 64;

    private final MemorySegment segment;
    private final DType dtype;
    private final Shape shape;

    private Tensor(MemorySegment segment, DType dtype, Shape shape) {
        this.segment = segment;
        this.dtype = dtype;
        this.shape = shape;
    }

    /** A zeroed tensor of {@code shape} in {@code arena}, 64-byte aligned. */
    public static Tensor allocate(Arena arena, DType dtype, Shape shape) {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        return new Tensor(arena.allocate(TensorChecks.bytes(dtype, shape), ALIGNMENT), dtype, shape);
    }

    /**
     * A view of the first {@code shape.size() * dtype.byteSize()} bytes of {@code segment} (native or
     * heap, any alignment).
     *
     * @throws IndexOutOfBoundsException if the segment is too small
     */
    public static Tensor wrap(MemorySegment segment, DType dtype, Shape shape) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        long need = TensorChecks.bytes(dtype, shape);
        if (segment.byteSize() < need) {
            throw new IndexOutOfBoundsException("segment has " + segment.byteSize() + " bytes but shape " + shape
                    + " of " + dtype + " needs " + need + "; pass a larger segment or a smaller shape");
        }
        return new Tensor(segment.asSlice(0, need), dtype, shape);
    }

    /** A heap tensor over {@code data} (not copied). */
    public static Tensor of(float[] data, Shape shape) {
        Objects.requireNonNull(data, "data");
        return wrap(MemorySegment.ofArray(data), DType.F32, shape);
    }

    /** A flat heap tensor over all of {@code data}. */
    public static Tensor of(float[] data) {
        Objects.requireNonNull(data, "data");
        return of(data, Shape.flat(data.length));
    }

    public static Tensor of(double[] data, Shape shape) {
        Objects.requireNonNull(data, "data");
        return wrap(MemorySegment.ofArray(data), DType.F64, shape);
    }

    public static Tensor of(double[] data) {
        Objects.requireNonNull(data, "data");
        return of(data, Shape.flat(data.length));
    }

    /** A heap tensor of bf16 or f16 bits. */
    public static Tensor of(short[] data, DType halfType, Shape shape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(halfType, "halfType");
        if (halfType != DType.BF16 && halfType != DType.F16) {
            throw new IllegalArgumentException("halfType must be BF16 or F16 for short data, got " + halfType);
        }
        return wrap(MemorySegment.ofArray(data), halfType, shape);
    }

    public MemorySegment segment() {
        return segment;
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

    /** Element {@code i} as f32 (F32 as is, BF16/F16 widened exactly); not for F64. */
    public float getFloat(long i) {
        Objects.checkIndex(i, size());
        switch (dtype) {
            case F32:
                return segment.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            case BF16:
                return Half.bf16ToFloat(segment.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
            case F16:
                return Half.f16ToFloat(segment.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
            default:
                throw new IllegalStateException("getFloat on an F64 tensor; use getDouble");
        }
    }

    /** Sets element {@code i} (BF16/F16: rounded to nearest even); not for F64. */
    public void setFloat(long i, float value) {
        Objects.checkIndex(i, size());
        switch (dtype) {
            case F32:
                segment.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, value);
                break;
            case BF16:
                segment.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Half.floatToBf16(value));
                break;
            case F16:
                segment.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Half.floatToF16(value));
                break;
            default:
                throw new IllegalStateException("setFloat on an F64 tensor; use setDouble");
        }
    }

    /** Element {@code i} as f64 (every dtype; exact). */
    public double getDouble(long i) {
        if (dtype == DType.F64) {
            Objects.checkIndex(i, size());
            return segment.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        }
        return getFloat(i);
    }

    /** Sets element {@code i} of an F64 tensor (other dtypes: rounded to f32 first, then as {@link #setFloat}). */
    public void setDouble(long i, double value) {
        if (dtype == DType.F64) {
            Objects.checkIndex(i, size());
            segment.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, value);
        } else {
            setFloat(i, (float) value);
        }
    }

    /** Raw bits of element {@code i} of a BF16/F16 tensor. */
    public short getBits(long i) {
        Objects.checkIndex(i, size());
        if (dtype.byteSize() != 2) {
            throw new IllegalStateException("getBits is for BF16/F16 tensors, this one is " + dtype);
        }
        return segment.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + shape + (segment.isNative() ? ", native" : ", heap") + "]";
    }
}
