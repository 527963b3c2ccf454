package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;
import org.rational4j.internal.ArenaCloseChild;
import org.rational4j.internal.ChildJvm;
import org.rational4j.internal.NativeCases;
import org.rational4j.internal.NativeExtractor;

/** The segment and FFM cases of issue 10 ({@link HardeningTest} has the rest). */
class HardeningJdk22Test {
    @TempDir
    Path cache;

    /** Issue 10, point 3: ffm used to read the position a third time and write past y. */
    @Test
    void ffmBufferPositionMovedDuringCalls() throws Exception {
        HardeningTest.child(cache, "position-race", "ffm", "1500");
    }

    /** Issue 10, point 1: closing a shared arena during a jna call throws instead of crashing. */
    @Test
    void jnaSharedArenaClosedDuringCall() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = ChildJvm.run(List.of("--enable-native-access=ALL-UNNAMED",
                "-D" + NativeExtractor.CACHE_PROPERTY + "=" + cache), ArenaCloseChild.class, "jna", "3");
        assertEquals(0, r.status, r.toString());
        assertTrue(r.output.contains("OK rounds 3"), r.toString());
    }

    private static final RationalSpec SPEC = RationalSpec.of(Version.A, 5, 4).withGroups(2, 4);
    private static final Shape SHAPE = Shape.of(2, 8, 9_000); // 144000: three jna chunks
    private static final int N = (int) SHAPE.size();

    private static RationalActivation activation(String backend) {
        return RationalActivation.builder(TestData.randomCoefficients(new Random(11), SPEC)).backend(backend)
                .parallelThreshold(Long.MAX_VALUE).build();
    }

    /** F32 tensors of x, dy and dx over segments made by {@code make} from the given values. */
    private interface Maker {
        MemorySegment make(float[] values);
    }

    private static void assertJnaMatchesScalar(String what, Maker input, Maker output) {
        Random r = new Random(what.hashCode());
        float[] x = TestData.floats(r, N);
        float[] dy = TestData.floats(r, N);
        RationalActivation scalar = activation("scalar");
        float[] y = new float[N];
        float[] dx = new float[N];
        Gradients g = new Gradients(SPEC);
        scalar.forward(x, 0, y, 0, SHAPE);
        scalar.backward(x, 0, dy, 0, dx, 0, SHAPE, g);

        RationalActivation jna = activation("jna");
        Tensor tx = Tensor.wrap(input.make(x), DType.F32, SHAPE);
        Tensor tdy = Tensor.wrap(input.make(dy), DType.F32, SHAPE);
        Tensor ty = Tensor.wrap(output.make(new float[N]), DType.F32, SHAPE);
        Tensor tdx = Tensor.wrap(output.make(new float[N]), DType.F32, SHAPE);
        RationalTensors.forward(jna, tx, ty);
        assertNull(TestData.firstDifference(y, ty.segment().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED)), what);
        Gradients g2 = new Gradients(SPEC);
        RationalTensors.backward(jna, tx, tdy, tdx, g2);
        assertNull(TestData.firstDifference(dx, tdx.segment().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED)), what);
        assertNull(TestData.firstDifference(g.numerator(), g2.numerator()), what);
        assertNull(TestData.firstDifference(g.denominator(), g2.denominator()), what);
    }

    private static MemorySegment bytes(float[] v, int offset) {
        MemorySegment s = MemorySegment.ofArray(new byte[offset + 4 * v.length]).asSlice(offset);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, v.length);
        return s;
    }

    /** Issue 10, point 7: jna takes every heap tensor ffm, vector and scalar take, with the same bits. */
    @Test
    void jnaTakesEveryHeapTensor() {
        NativeCases.bundledLibrary();
        assertJnaMatchesScalar("byte[]", v -> bytes(v, 0), v -> bytes(v, 0));
        assertJnaMatchesScalar("byte[] from 3", v -> bytes(v, 3), v -> bytes(v, 1));
        assertJnaMatchesScalar("long[]", v -> {
            MemorySegment s = MemorySegment.ofArray(new long[(v.length + 1) / 2]);
            MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
            return s;
        }, v -> MemorySegment.ofArray(new long[(v.length + 1) / 2]));
        assertJnaMatchesScalar("float[] from 2 bytes", v -> {
            MemorySegment s = MemorySegment.ofArray(new float[v.length + 1]).asSlice(2);
            MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, v.length);
            return s;
        }, v -> MemorySegment.ofArray(new float[v.length + 1]).asSlice(2));
        assertJnaMatchesScalar("read-only float[]", v -> MemorySegment.ofArray(v.clone()).asReadOnly(),
                MemorySegment::ofArray);
    }

    /** Segments of every arena kind, staged or in place, give the bits of the scalar backend on jna. */
    @Test
    void jnaSegmentsOfEveryArena() {
        NativeCases.bundledLibrary();
        for (Arena arena : new Arena[] {Arena.ofShared(), Arena.ofConfined(), Arena.ofAuto(), Arena.global()}) {
            Maker m = v -> {
                MemorySegment s = arena.allocate(4L * v.length, 64);
                MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
                return s;
            };
            assertJnaMatchesScalar(arena.toString(), m, m);
            try {
                arena.close();
            } catch (UnsupportedOperationException globalOrAuto) {
                // not closeable: the global arena, or the garbage collector frees it
            }
        }
    }
}
