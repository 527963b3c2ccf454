package org.rational4j;

/**
 * A tensor viewed as {@code [outer, channels, inner]}: channels-last {@code [B, L, C]} is
 * {@code of(B * L, C, 1)}, {@code [N, C, H, W]} is {@code of(N, C, H * W)}, a flat vector is
 * {@code flat(n)}. Flat element {@code e} has channel {@code (e / inner) % channels}.
 */
public final class Shape {
    private final long outer;
    private final long channels;
    private final long inner;
    private final long size;

    private Shape(long outer, long channels, long inner) {
        this.outer = positive("outer", outer);
        this.channels = positive("channels", channels);
        this.inner = positive("inner", inner);
        try {
            this.size = Math.multiplyExact(Math.multiplyExact(outer, channels), inner);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape [" + outer + ", " + channels + ", " + inner
                    + "] has more than Long.MAX_VALUE elements");
        }
    }

    private static long positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    public static Shape of(long outer, long channels, long inner) {
        return new Shape(outer, channels, inner);
    }

    /** A flat vector of n elements, one channel. */
    public static Shape flat(long n) {
        return new Shape(1, 1, n);
    }

    /** Channels-last {@code [rows, channels]}: the layout of transformer activations. */
    public static Shape channelsLast(long rows, long channels) {
        return new Shape(rows, channels, 1);
    }

    public long outer() {
        return outer;
    }

    public long channels() {
        return channels;
    }

    public long inner() {
        return inner;
    }

    /** Number of elements, outer * channels * inner. */
    public long size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && ((Shape) o).outer == outer && ((Shape) o).channels == channels
                && ((Shape) o).inner == inner;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(outer) * 961 + Long.hashCode(channels) * 31 + Long.hashCode(inner);
    }

    @Override
    public String toString() {
        return "[" + outer + ", " + channels + ", " + inner + "]";
    }
}
