package org.rational4j.internal;

import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Objects;

/**
 * Where a tensor's elements live: a heap array from an offset, a direct NIO buffer from its
 * position, or (JDK 22+, {@code SegmentOperand} in src/main/java22) a {@code MemorySegment}.
 * Element {@code e} of the tensor is element {@code e} counted from that start. The public API
 * validates sizes before it builds an operand; backends dispatch on the concrete class.
 * Internal: not part of the public API.
 */
public abstract class Operand {

    /** Elements available from the start. */
    public abstract long capacity();

    /**
     * For operands that only JDK 22+ code can open (a {@code MemorySegment}): the native address of
     * element 0 when the elements are in native memory, else -1. Lets the JDK 17 JNA binding pass a
     * native segment by address. The caller keeps the memory alive during the call.
     */
    public long nativeAddress() {
        return -1;
    }

    /**
     * For operands that only JDK 22+ code can open: the same elements as a {@link FloatArray},
     * {@link DoubleArray} or {@link ShortArray} when they live in a Java array (a heap segment), else
     * null. Lets the JDK 17 JNA binding treat a heap segment like a heap array.
     */
    public Operand heapArrayView() {
        return null;
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
        public long capacity() {
            return array.length - offset;
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
        public long capacity() {
            return array.length - offset;
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
        public long capacity() {
            return array.length - offset;
        }
    }

    /**
     * A direct {@link FloatBuffer}, {@link DoubleBuffer} or {@link ShortBuffer} in native byte
     * order, from its position at the time of the call (absolute access: the position is not
     * moved).
     */
    public static final class Direct extends Operand {
        public final Buffer buffer;
        public final int position;

        public Direct(Buffer buffer) {
            this.buffer = Objects.requireNonNull(buffer);
            this.position = buffer.position();
        }

        @Override
        public long capacity() {
            return buffer.limit() - position;
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
    }
}
