package org.rational4j.internal.ffm;

import java.lang.foreign.MemorySegment;
import org.rational4j.internal.Operand;
import org.rational4j.internal.SegmentOperand;
import org.rational4j.internal.jna.JnaBackend;

/**
 * Opens {@link SegmentOperand}s for the JDK 17 JNA binding, which cannot name
 * {@link MemorySegment}: a native segment by its address, a heap segment as the Java array behind
 * it. Loaded by name only when a segment operand reaches the JNA backend (so only on JDK 22+).
 */
public final class Segments implements JnaBackend.SegmentBridge {

    @Override
    public long address(Operand o) {
        if (o instanceof SegmentOperand s && s.segment.isNative()) {
            return s.segment.address();
        }
        return -1;
    }

    @Override
    public Operand heapView(Operand o) {
        if (!(o instanceof SegmentOperand s) || s.segment.isNative()) {
            return null;
        }
        Object base = s.segment.heapBase().orElse(null); // empty for read-only segments
        long at = s.segment.address(); // byte offset into the array for heap segments
        if (base instanceof float[] f && at % Float.BYTES == 0) {
            return new Operand.FloatArray(f, (int) (at / Float.BYTES));
        }
        if (base instanceof double[] d && at % Double.BYTES == 0) {
            return new Operand.DoubleArray(d, (int) (at / Double.BYTES));
        }
        if (base instanceof short[] h && at % Short.BYTES == 0) {
            return new Operand.ShortArray(h, (int) (at / Short.BYTES));
        }
        return null;
    }
}
