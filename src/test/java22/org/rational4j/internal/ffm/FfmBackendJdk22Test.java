package org.rational4j.internal.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.SignAtZero;
import org.rational4j.Version;
import org.rational4j.internal.Backend;
import org.rational4j.internal.Backends;
import org.rational4j.internal.NativeCases;
import org.rational4j.internal.NativeCases.Kind;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeTiers;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;
import org.rational4j.internal.SegmentOperand;

/**
 * FFM and JNA call the same library: on every tier, for f32, f64, bf16 and f16, forward and
 * backward, through heap arrays, direct buffers and segments, they give identical bits.
 */
class FfmBackendJdk22Test {
    static final Shape SHAPE = Shape.of(3, 8, 5000);
    static final long N = SHAPE.size();
    static Backend ffm;
    static Backend jna;

    @BeforeAll
    static void load() {
        NativeCases.bundledLibrary();
        ffm = Backends.get("ffm");
        jna = Backends.get("jna");
    }

    @AfterAll
    static void restoreTier() {
        if (ffm != null) {
            NativeTiers.setMaxIsa("avx512");
        }
    }

    static List<String> tiers() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= NativeTiers.isaOf(NativeTiers.cpuIsa()); i++) {
            out.add(NativeTiers.isaName(i));
        }
        return out;
    }

    @Test
    void sameLibraryAndTier() {
        assertEquals(((JnaBackendAccess) () -> jna.describe()).get().replaceFirst("^jna", "ffm"), ffm.describe());
        assertEquals(NativeLibrary.loadedPath(), ((FfmBackend) ffm).location().path);
        for (String tier : tiers()) {
            NativeTiers.setMaxIsa(tier);
            assertTrue(ffm.describe().startsWith("ffm: native tier " + tier + " "), ffm.describe());
        }
    }

    interface JnaBackendAccess {
        String get();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void ffmAndJnaGiveIdenticalBits(DType t) {
        Object x = NativeCases.input(t, (int) N, 11);
        Object dy = NativeCases.input(t, (int) N, 12);
        List<RationalSpec> specs = List.of(RationalSpec.of(Version.A, 5, 4).withGroups(2, 4),
                RationalSpec.of(Version.B, 4, 4).withGroups(1, 8),
                RationalSpec.of(Version.C, 3, 2).withGroups(8, 1).withSignAtZero(SignAtZero.ZERO),
                RationalSpec.of(Version.N, 2, 1));
        List<long[]> perTier = new ArrayList<>();
        for (String tier : tiers()) {
            NativeTiers.setMaxIsa(tier);
            for (RationalSpec spec : specs) {
                Plan plan = NativeCases.plan(spec, 5);
                String what = tier + " " + t + " " + spec;
                long[] y = NativeCases.bits(NativeCases.forward(jna, plan, t, SHAPE, x, Kind.HEAP, Kind.HEAP, false,
                        0, N));
                perTier.add(y);
                Kind[][] pairs = {{Kind.HEAP, Kind.HEAP}, {Kind.HEAP_OFFSET, Kind.DIRECT_POSITION},
                    {Kind.DIRECT, Kind.HEAP_BUFFER}};
                for (Kind[] k : pairs) {
                    assertArrayEquals(y, NativeCases.bits(NativeCases.forward(ffm, plan, t, SHAPE, x, k[0], k[1],
                            false, 0, N)), what + " forward " + k[0] + "/" + k[1]);
                }
                assertArrayEquals(y, NativeCases.bits(NativeCases.forward(ffm, plan, t, SHAPE, x, Kind.HEAP_OFFSET,
                        Kind.HEAP_OFFSET, true, 0, N)), what + " forward in place");
                NativeCases.Grad g = NativeCases.backward(jna, plan, t, SHAPE, x, dy, Kind.HEAP, Kind.HEAP, false, 0,
                        N);
                for (Kind[] k : pairs) {
                    same(g, NativeCases.backward(ffm, plan, t, SHAPE, x, dy, k[0], k[1], false, 0, N),
                            what + " backward " + k[0] + "/" + k[1]);
                }
                same(g, NativeCases.backward(ffm, plan, t, SHAPE, x, dy, Kind.DIRECT, Kind.HEAP_OFFSET, true, 0,
                        65536, N), what + " backward dx = dy in two blocks");
            }
        }
        assertTrue(perTier.size() == specs.size() * tiers().size());
    }

    static void same(NativeCases.Grad a, NativeCases.Grad b, String what) {
        assertArrayEquals(NativeCases.bits(a.dx), NativeCases.bits(b.dx), what + ": dx");
        assertArrayEquals(NativeCases.bits(a.num), NativeCases.bits(b.num), what + ": numerator gradient");
        assertArrayEquals(NativeCases.bits(a.den), NativeCases.bits(b.den), what + ": denominator gradient");
    }

    @Test
    void nativeAndHeapSegmentsThroughBothBindings() {
        Plan plan = NativeCases.plan(RationalSpec.pauDefault(), 9);
        int n = 100_000;
        float[] x = (float[]) NativeCases.input(DType.F32, n, 3);
        float[] expected = (float[]) NativeCases.forward(jna, plan, DType.F32, Shape.flat(n), x, Kind.HEAP,
                Kind.HEAP, false, 0, n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = arena.allocate(4L * n, 64);
            MemorySegment.copy(x, 0, xs, ValueLayout.JAVA_FLOAT, 0, n);
            for (Backend b : List.of(jna, ffm)) {
                MemorySegment ys = arena.allocate(4L * n, 64);
                b.forward(plan, DType.F32, Shape.flat(n), new SegmentOperand(xs, DType.F32), new SegmentOperand(ys, DType.F32), 0, n);
                assertArrayEquals(expected, ys.toArray(ValueLayout.JAVA_FLOAT), b.name() + " native segment");
                float[] heapY = new float[n + 5];
                b.forward(plan, DType.F32, Shape.flat(n), new SegmentOperand(xs, DType.F32),
                        new SegmentOperand(MemorySegment.ofArray(heapY).asSlice(20, 4L * n), DType.F32), 0, n);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(heapY, 5, n + 5), b.name() + " heap segment");
            }
        }
    }

    @Test
    void yardstick() {
        float[] a = {1, 2, 3, 4};
        float[] b = {2, 2, 2, 0.5f};
        float[] c = new float[4];
        FfmBackend.yardstickMulF32(MemorySegment.ofArray(a), MemorySegment.ofArray(b), MemorySegment.ofArray(c), 4);
        assertArrayEquals(new float[] {2, 4, 6, 2}, c);
        assertNotEquals(0, c[0]);
    }

    @Test
    void aNonzeroStatusThrowsWithItsName() {
        Plan plan = NativeCases.plan(RationalSpec.pauDefault(), 1);
        Operand f = new Operand.FloatArray(new float[1 << 17], 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ffm.backward(plan, DType.F32,
                Shape.flat(1 << 17), f, f, f, 5, 1 << 17, new double[6], new double[4]));
        assertTrue(e.getMessage().startsWith("r4j_backward returned -1: R4J_ERR_ARGUMENT"), e.getMessage());
    }
}
