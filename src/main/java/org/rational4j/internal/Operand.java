package org.rational4j.internal;

import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Objects;

import org.rational4j.DType;

/**
 * Where a tensor's elements live: a heap array from an offset, a direct NIO buffer from its
 * position, or (JDK 22+, {@code SegmentOperand} in src/main/java22) a {@code MemorySegment}.
 * Element {@code e} of the tensor is element {@code e} counted from that start. The public API
 * validates sizes before it builds an operand; backends dispatch on the concrete class, or use the
 * tile access methods below, which every kind supports (so a pure-Java backend compiled for
 * JDK 17 also runs on segments it cannot name).
 * Internal: not part of the public API.
 */
public abstract class Operand {

    /** Elements available from the start. */
    public abstract long capacity();

    /**
     * Reads elements {@code [start, start + n)} as f32 into {@code dst[dstOffset..]}: f32 data is
     * copied, bf16 and f16 widened (docs/contract.md section 5).
     *
     * @throws UnsupportedOperationException if this operand does not hold {@code dtype} data
     */
    public abstract void readFloats(DType dtype, long start, float[] dst, int dstOffset, int n);

    /** Writes {@code src[srcOffset..srcOffset + n)} to elements {@code [start, start + n)}, narrowing
     * to bf16 or f16 where {@code dtype} says so. */
    public abstract void writeFloats(DType dtype, long start, float[] src, int srcOffset, int n);

    /** Reads f64 elements {@code [start, start + n)}. */
    public abstract void readDoubles(long start, double[] dst, int dstOffset, int n);

    /** Writes f64 elements {@code [start, start + n)}. */
    public abstract void writeDoubles(long start, double[] src, int srcOffset, int n);

    /**
     * For native bindings: the address of element 0 when C may use this memory in place for a
     * whole call (the binding keeps the operand reachable until C returned), else -1. Only native
     * segments that no other thread can free answer (JDK 22+); a direct buffer's address is read
     * by the binding, which asks {@link Direct#pinned()} first.
     */
    public long nativeAddress() {
        return -1;
    }

    /**
     * For native bindings: these elements as a heap {@link FloatArray}, {@link DoubleArray} or
     * {@link ShortArray} (arrays themselves, heap buffers viewed from their snapshot position),
     * or null when they are not in a Java array.
     */
    public Operand heapView() {
        return null;
    }

    /**
     * For bindings that pass raw addresses: checked copies through native scratch of memory that
     * another thread may free during a call, or that is not addressable (heap segments); null for
     * operands the binding passes otherwise (heap arrays, addressable memory).
     */
    public NativeStaging nativeStaging(DType dtype) {
        return null;
    }

    static UnsupportedOperationException unsupported(Operand o, String what) {
        return new UnsupportedOperationException(o.getClass().getSimpleName() + " does not hold " + what);
    }

    /** Widens bf16/f16 bits to f32. */
    public static void widen(DType dtype, short[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        if (dtype == DType.BF16) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = Half.bf16ToFloat(src[srcOffset + i]);
            }
        } else if (dtype == DType.F16) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = Half.f16ToFloat(src[srcOffset + i]);
            }
        } else {
            throw new UnsupportedOperationException("not a 16-bit type: " + dtype);
        }
    }

    /** Narrows f32 to bf16/f16 bits. */
    public static void narrow(DType dtype, float[] src, int srcOffset, short[] dst, int dstOffset, int n) {
        if (dtype == DType.BF16) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = Half.floatToBf16(src[srcOffset + i]);
            }
        } else if (dtype == DType.F16) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = Half.floatToF16(src[srcOffset + i]);
            }
        } else {
            throw new UnsupportedOperationException("not a 16-bit type: " + dtype);
        }
    }

    /** Heap {@code float[]} from an offset (f32). */
    public static final class FloatArray extends Operand {
        public final float[] array;
        public final int offset;

        public FloatArray(float[] array, int offset) {
            this.array = Objects.requireNonNull(array);
            this.offset = offset;
        }

        @Override
        public Operand heapView() {
            return this;
        }

        @Override
        public long capacity() {
            return array.length - offset;
        }

        @Override
        public void readFloats(DType dtype, long start, float[] dst, int dstOffset, int n) {
            if (dtype != DType.F32) {
                throw unsupported(this, dtype + " data");
            }
            System.arraycopy(array, offset + (int) start, dst, dstOffset, n);
        }

        @Override
        public void writeFloats(DType dtype, long start, float[] src, int srcOffset, int n) {
            if (dtype != DType.F32) {
                throw unsupported(this, dtype + " data");
            }
            System.arraycopy(src, srcOffset, array, offset + (int) start, n);
        }

        @Override
        public void readDoubles(long start, double[] dst, int dstOffset, int n) {
            throw unsupported(this, "f64 data");
        }

        @Override
        public void writeDoubles(long start, double[] src, int srcOffset, int n) {
            throw unsupported(this, "f64 data");
        }
    }

    /** Heap {@code double[]} from an offset (f64). */
    public static final class DoubleArray extends Operand {
        public final double[] array;
        public final int offset;

        public DoubleArray(double[] array, int offset) {
            this.array = Objects.requireNonNull(array);
            this.offset = offset;
        }

        @Override
        public Operand heapView() {
            return this;
        }

        @Override
        public long capacity() {
            return array.length - offset;
        }

        @Override
        public void readFloats(DType dtype, long start, float[] dst, int dstOffset, int n) {
            throw unsupported(this, dtype + " data");
        }

        @Override
        public void writeFloats(DType dtype, long start, float[] src, int srcOffset, int n) {
            throw unsupported(this, dtype + " data");
        }

        @Override
        public void readDoubles(long start, double[] dst, int dstOffset, int n) {
            System.arraycopy(array, offset + (int) start, dst, dstOffset, n);
        }

        @Override
        public void writeDoubles(long start, double[] src, int srcOffset, int n) {
            System.arraycopy(src, srcOffset, array, offset + (int) start, n);
        }
    }

    /** Heap {@code short[]} from an offset (bf16 or f16 bits). */
    public static final class ShortArray extends Operand {
        public final short[] array;
        public final int offset;

        public ShortArray(short[] array, int offset) {
            this.array = Objects.requireNonNull(array);
            this.offset = offset;
        }

        @Override
        public Operand heapView() {
            return this;
        }

        @Override
        public long capacity() {
            return array.length - offset;
        }

        @Override
        public void readFloats(DType dtype, long start, float[] dst, int dstOffset, int n) {
            widen(dtype, array, offset + (int) start, dst, dstOffset, n);
        }

        @Override
        public void writeFloats(DType dtype, long start, float[] src, int srcOffset, int n) {
            narrow(dtype, src, srcOffset, array, offset + (int) start, n);
        }

        @Override
        public void readDoubles(long start, double[] dst, int dstOffset, int n) {
            throw unsupported(this, "f64 data");
        }

        @Override
        public void writeDoubles(long start, double[] src, int srcOffset, int n) {
            throw unsupported(this, "f64 data");
        }
    }

    /**
     * A direct {@link FloatBuffer}, {@link DoubleBuffer} or {@link ShortBuffer} in native byte
     * order: {@code length} elements from {@code position}, both read once when the call began
     * (absolute access: the buffer's position is not moved). Native code gets only this snapshot,
     * so another thread moving the buffer's position or limit during the call cannot make it reach
     * past the buffer's capacity.
     */
    public static final class Direct extends Operand {
        public final Buffer buffer;
        public final int position;
        /** Elements from {@code position}; {@code position + length <= buffer.capacity()}. */
        public final int length;

        /**
         * @throws IndexOutOfBoundsException unless {@code 0 <= position <= position + length <= capacity}
         */
        public Direct(Buffer buffer, int position, int length) {
            this.buffer = Objects.requireNonNull(buffer);
            Objects.checkFromIndexSize(position, length, buffer.capacity());
            this.position = position;
            this.length = length;
        }

        /** From the buffer's position to its limit, each read once. */
        public static Direct of(Buffer buffer) {
            int position = buffer.position();
            int limit = buffer.limit();
            return new Direct(buffer, position, Math.max(0, limit - position));
        }

        @Override
        public long capacity() {
            return length;
        }

        /**
         * False when this direct buffer views memory of an arena that another thread may close
         * during a call (JDK 22+); always false for heap buffers.
         */
        public boolean pinned() {
            return buffer.isDirect() && ArenaBuffers.get().pinned(buffer);
        }

        @Override
        public Operand heapView() {
            if (!buffer.hasArray()) {
                return null;
            }
            int at = buffer.arrayOffset() + position;
            if (buffer instanceof FloatBuffer) {
                return new FloatArray(((FloatBuffer) buffer).array(), at);
            }
            if (buffer instanceof DoubleBuffer) {
                return new DoubleArray(((DoubleBuffer) buffer).array(), at);
            }
            if (buffer instanceof ShortBuffer) {
                return new ShortArray(((ShortBuffer) buffer).array(), at);
            }
            return null;
        }

        @Override
        public NativeStaging nativeStaging(DType dtype) {
            return buffer.isDirect() ? ArenaBuffers.get().stage(this, dtype) : null;
        }

        public static ByteOrder order(Buffer b) {
            if (b instanceof FloatBuffer) {
                return ((FloatBuffer) b).order();
            }
            if (b instanceof DoubleBuffer) {
                return ((DoubleBuffer) b).order();
            }
            if (b instanceof ShortBuffer) {
                return ((ShortBuffer) b).order();
            }
            throw new IllegalArgumentException("unsupported buffer type " + b.getClass().getName());
        }

        @Override
        public void readFloats(DType dtype, long start, float[] dst, int dstOffset, int n) {
            int at = position + (int) start;
            if (dtype == DType.F32 && buffer instanceof FloatBuffer) {
                ((FloatBuffer) buffer).get(at, dst, dstOffset, n);
            } else if ((dtype == DType.BF16 || dtype == DType.F16) && buffer instanceof ShortBuffer) {
                short[] tmp = new short[n];
                ((ShortBuffer) buffer).get(at, tmp, 0, n);
                widen(dtype, tmp, 0, dst, dstOffset, n);
            } else {
                throw unsupported(this, dtype + " data");
            }
        }

        @Override
        public void writeFloats(DType dtype, long start, float[] src, int srcOffset, int n) {
            int at = position + (int) start;
            if (dtype == DType.F32 && buffer instanceof FloatBuffer) {
                ((FloatBuffer) buffer).put(at, src, srcOffset, n);
            } else if ((dtype == DType.BF16 || dtype == DType.F16) && buffer instanceof ShortBuffer) {
                short[] tmp = new short[n];
                narrow(dtype, src, srcOffset, tmp, 0, n);
                ((ShortBuffer) buffer).put(at, tmp, 0, n);
            } else {
                throw unsupported(this, dtype + " data");
            }
        }

        @Override
        public void readDoubles(long start, double[] dst, int dstOffset, int n) {
            if (!(buffer instanceof DoubleBuffer)) {
                throw unsupported(this, "f64 data");
            }
            ((DoubleBuffer) buffer).get(position + (int) start, dst, dstOffset, n);
        }

        @Override
        public void writeDoubles(long start, double[] src, int srcOffset, int n) {
            if (!(buffer instanceof DoubleBuffer)) {
                throw unsupported(this, "f64 data");
            }
            ((DoubleBuffer) buffer).put(position + (int) start, src, srcOffset, n);
        }
    }
}
