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
