package org.rational4j.internal;

import org.rational4j.RationalSpec;
import org.rational4j.Shape;

/**
 * Walks flat element indices of a {@code [outer, C, inner]} tensor and keeps the numerator and
 * denominator group of the current element (docs/contract.md section 1) without a division per
 * element. Internal; one per call, not thread-safe.
 */
public final class GroupCursor {
    private final long inner;
    private final long channels;
    private final long perNum;
    private final long perDen;
    private final boolean single;
    private long innerPos;
    private long channel;
    /**
     * True when runs of equal groups can be shorter than {@code elements} (a lower bound from the
     * layout): per-channel groups with {@code inner = 1}, for example.
     */
    public boolean shortRuns(int elements) {
        if (single) {
            return false;
        }
        long g = gcd(perNum, perDen);
        return inner * g < elements;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Numerator group of the current element. */
    public int num;
    /** Denominator group of the current element. */
    public int den;

    public GroupCursor(RationalSpec spec, Shape shape, long start) {
        this.inner = shape.inner();
        this.channels = shape.channels();
        this.perNum = channels / spec.numeratorGroups();
        this.perDen = channels / spec.denominatorGroups();
        this.single = spec.numeratorGroups() == 1 && spec.denominatorGroups() == 1;
        seek(start);
    }

    /** Moves to element {@code e}. */
    public void seek(long e) {
        innerPos = e % inner;
        channel = (e / inner) % channels;
        num = (int) (channel / perNum);
        den = (int) (channel / perDen);
    }

    /** Moves to the next element. */
    public void advance() {
        if (++innerPos == inner) {
            innerPos = 0;
            if (++channel == channels) {
                channel = 0;
            }
            if (!single) {
                num = (int) (channel / perNum);
                den = (int) (channel / perDen);
            }
        }
    }

    /** Moves {@code k} elements on. */
    public void skip(long k) {
        if (single) {
            return;
        }
        long pos = innerPos + k;
        if (pos < inner) {
            innerPos = pos;
            return;
        }
        long ch = channel + pos / inner;
        innerPos = pos % inner;
        channel = ch % channels;
        num = (int) (channel / perNum);
        den = (int) (channel / perDen);
    }

    /** Number of elements from the current one (included) that share both its groups. */
    public long run() {
        if (single) {
            return Long.MAX_VALUE;
        }
        long sameNum = perNum - channel % perNum;
        long sameDen = perDen - channel % perDen;
        long sameChannels = Math.min(sameNum, sameDen);
        // at the wrap from channel C-1 to 0 the groups change unless the count is 1 (then perX = C
        // and sameX ends exactly at the wrap, so the min already stops there)
        return (inner - innerPos) + (sameChannels - 1) * inner;
    }
}
