package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;
import org.rational4j.internal.Half;

/**
 * A tensor of more than 2^31 elements (bf16, 4 GiB off-heap): every index, channel and group
 * computation must be done in long arithmetic, in Java and in C. The elements at both ends are
 * random, the rest zero; both ends are compared bit for bit with the array API on the same values.
 */
class LargeTensorJdk22Test {
    private static final int EDGE = 4096;

    @Test
    void forwardOverMoreThanTwoToTheThirtyOneElements() {
        long inner = ((1L << 31) + EDGE) / 8;
        Shape shape = Shape.of(2, 4, inner); // channel of the last elements: 3
        long size = shape.size();
        assertTrue(size > Integer.MAX_VALUE);
        RationalSpec spec = RationalSpec.of(Version.B, 5, 4).withGroups(1, 4);
        Coefficients c = TestData.randomCoefficients(new Random(11), spec);
        Random r = new Random(5);
        short[] head = bf16(TestData.floats(r, EDGE));
        short[] tail = bf16(TestData.floats(r, EDGE));

        // references: the first elements are channel 0, the last channel 3 (inner > EDGE)
        short[] headWant = reference(c, 0, head);
        short[] tailWant = reference(c, 3, tail);
        short zeroWant = reference(c, 1, new short[] {0})[0];

        for (String backend : new String[] {"ffm", "jna", "vector"}) {
            try (Arena arena = Arena.ofShared()) {
                Tensor x = Tensor.allocate(arena, DType.BF16, shape);
                MemorySegment s = x.segment();
                MemorySegment.copy(head, 0, s, ValueLayout.JAVA_SHORT, 0, EDGE);
                MemorySegment.copy(tail, 0, s, ValueLayout.JAVA_SHORT, 2 * (size - EDGE), EDGE);
                RationalActivation act = RationalActivation.builder(c).backend(backend).threads(2).build();
                RationalTensors.forward(act, x, x); // in place: 4 GiB, not 8
                short[] gotHead = s.asSlice(0, 2L * EDGE).toArray(ValueLayout.JAVA_SHORT);
                short[] gotTail = s.asSlice(2 * (size - EDGE), 2L * EDGE).toArray(ValueLayout.JAVA_SHORT);
                assertNull(TestData.firstDifference(headWant, gotHead, DType.BF16), backend + " head");
                assertNull(TestData.firstDifference(tailWant, gotTail, DType.BF16), backend + " tail");
                long middle = 2 * inner + inner / 2; // outer row 0, channel 2
                assertEquals(reference(c, 2, new short[] {0})[0], x.getBits(middle), backend + " middle");
                assertEquals(zeroWant, x.getBits(inner + 5), backend + " channel 1");
            }
        }
    }

    private static short[] bf16(float[] v) {
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Half.floatToBf16(v[i]);
        }
        return out;
    }

    /** The values through the scalar backend with channel {@code channel}'s coefficients. */
    private static short[] reference(Coefficients c, int channel, short[] x) {
        RationalSpec spec = c.spec();
        RationalSpec one = RationalSpec.of(spec.version(), spec.numeratorDegree(), spec.denominatorDegree());
        Coefficients cc = Coefficients.of(one, c.numerator(0), c.denominator(channel));
        short[] y = new short[x.length];
        RationalActivation.builder(cc).backend("scalar").build().forward(x, y, DType.BF16);
        return y;
    }
}
