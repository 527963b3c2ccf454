package org.rational4j.internal.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The JNA binding on every tier: every operand kind (heap with offset, direct with position, heap
 * buffer, in place), heap copies in several block-sized pieces, and sub-ranges all give the bits
 * of one plain call. Runs on JDK 17 and 25.
 */
class JnaBackendTest {
    static final Shape SHAPE = Shape.of(3, 8, 5000); // 120000 elements: two JNA heap pieces
    static final long N = SHAPE.size();
    static Backend jna;

    @BeforeAll
    static void load() {
        NativeCases.bundledLibrary();
        jna = Backends.get("jna");
    }

    @AfterAll
    static void restoreTier() {
        if (jna != null) {
            NativeTiers.setMaxIsa("avx512");
        }
    }

    static List<String> tiers() {
        List<String> out = new ArrayList<>();
        int cpu = NativeTiers.isaOf(NativeTiers.cpuIsa());
        for (int i = 0; i <= cpu; i++) {
            out.add(NativeTiers.isaName(i));
        }
        return out;
    }

    static List<RationalSpec> specs() {
        return List.of(RationalSpec.of(Version.A, 5, 4).withGroups(2, 4),
                RationalSpec.of(Version.C, 3, 2).withGroups(8, 1).withSignAtZero(SignAtZero.ZERO));
    }

    @Test
    void describesTierAndLibrary() {
        assertEquals("jna", jna.name());
        assertTrue(jna.isNative());
        String d = jna.describe();
        assertTrue(d.startsWith("jna: native tier " + NativeTiers.activeIsa() + " (cpu " + NativeTiers.cpuIsa()
                + "), library " + NativeLibrary.loadedPath()), d);
        assertEquals(NativeLibrary.loadedPath(), ((JnaBackend) jna).location().path);
    }

    @Test
    void setMaxIsaCapsTheTier() {
        for (String tier : tiers()) {
            assertEquals(tier, NativeTiers.setMaxIsa(tier));
            assertEquals(tier, NativeTiers.activeIsa());
            assertTrue(jna.describe().startsWith("jna: native tier " + tier), jna.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> NativeTiers.setMaxIsa("sse4"));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void operandKindsPiecesAndRangesGiveTheSameBits(DType t) {
        Object x = NativeCases.input(t, (int) N, 1);
        Object dy = NativeCases.input(t, (int) N, 2);
        for (String tier : tiers()) {
            NativeTiers.setMaxIsa(tier);
            for (RationalSpec spec : specs()) {
                Plan plan = NativeCases.plan(spec, 3);
                String what = tier + " " + t + " " + spec;
                long[] y = NativeCases.bits(NativeCases.forward(jna, plan, t, SHAPE, x, Kind.DIRECT, Kind.DIRECT,
                        false, 0, N));
                assertTrue(NativeCases.nonZero(NativeCases.forward(jna, plan, t, SHAPE, x, Kind.HEAP, Kind.HEAP,
                        false, 0, N)), what);
                Kind[][] pairs = {{Kind.HEAP, Kind.HEAP}, {Kind.HEAP_OFFSET, Kind.DIRECT},
                    {Kind.DIRECT_POSITION, Kind.HEAP_OFFSET}, {Kind.HEAP_BUFFER, Kind.DIRECT_POSITION}};
                for (Kind[] k : pairs) {
                    assertArrayEquals(y, NativeCases.bits(NativeCases.forward(jna, plan, t, SHAPE, x, k[0], k[1],
                            false, 0, N)), what + " forward " + k[0] + "/" + k[1]);
                }
                for (Kind k : new Kind[] {Kind.HEAP_OFFSET, Kind.DIRECT_POSITION}) {
                    assertArrayEquals(y, NativeCases.bits(NativeCases.forward(jna, plan, t, SHAPE, x, k, k, true, 0,
                            N)), what + " forward in place " + k);
                }
                // two sub-ranges on the same output
                NativeCases.Storage xs = NativeCases.storage(Kind.HEAP_OFFSET, x);
                NativeCases.Storage ys = NativeCases.storage(Kind.HEAP, NativeCases.zeros(x));
                jna.forward(plan, t, SHAPE, xs.operand, ys.operand, 0, 1234);
                jna.forward(plan, t, SHAPE, xs.operand, ys.operand, 1234, N);
                assertArrayEquals(y, NativeCases.bits(ys.read()), what + " forward in two ranges");

                NativeCases.Grad g = NativeCases.backward(jna, plan, t, SHAPE, x, dy, Kind.DIRECT, Kind.DIRECT,
                        false, 0, N);
                assertTrue(NativeCases.nonZero(g.dx), what);
                for (Kind[] k : pairs) {
                    same(g, NativeCases.backward(jna, plan, t, SHAPE, x, dy, k[0], k[1], false, 0, N),
                            what + " backward " + k[0] + "/" + k[1]);
                }
                same(g, NativeCases.backward(jna, plan, t, SHAPE, x, dy, Kind.HEAP_OFFSET, Kind.HEAP_OFFSET, true, 0,
                        N), what + " backward dx = dy");
                same(g, NativeCases.backward(jna, plan, t, SHAPE, x, dy, Kind.HEAP, Kind.DIRECT, false, 0, 65536, N),
                        what + " backward in two blocks");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyTierMatchesThePureJavaScalarBackend(DType t) {
        Backend scalar = Backends.get("scalar");
        Object x = NativeCases.input(t, (int) N, 21);
        Object dy = NativeCases.input(t, (int) N, 22);
        for (String tier : tiers()) {
            NativeTiers.setMaxIsa(tier);
            for (RationalSpec spec : specs()) {
                Plan plan = NativeCases.plan(spec, 23);
                String what = tier + " " + t + " " + spec;
                assertArrayEquals(
                        NativeCases.bits(NativeCases.forward(scalar, plan, t, SHAPE, x, Kind.HEAP, Kind.HEAP, false, 0,
                                N)),
                        NativeCases.bits(NativeCases.forward(jna, plan, t, SHAPE, x, Kind.HEAP, Kind.HEAP, false, 0,
                                N)), what + " forward");
                same(NativeCases.backward(scalar, plan, t, SHAPE, x, dy, Kind.HEAP, Kind.HEAP, false, 0, N),
                        NativeCases.backward(jna, plan, t, SHAPE, x, dy, Kind.DIRECT, Kind.HEAP, false, 0, N),
                        what + " backward");
            }
        }
    }

    static void same(NativeCases.Grad a, NativeCases.Grad b, String what) {
        assertArrayEquals(NativeCases.bits(a.dx), NativeCases.bits(b.dx), what + ": dx");
        assertArrayEquals(NativeCases.bits(a.num), NativeCases.bits(b.num), what + ": numerator gradient");
        assertArrayEquals(NativeCases.bits(a.den), NativeCases.bits(b.den), what + ": denominator gradient");
    }

    @Test
    void anOperandOfTheWrongElementTypeIsRefused() {
        Plan plan = NativeCases.plan(RationalSpec.pauDefault(), 1);
        Operand f = new Operand.FloatArray(new float[16], 0);
        assertThrows(UnsupportedOperationException.class,
                () -> jna.forward(plan, DType.F64, Shape.flat(16), f, f, 0, 16));
    }

    @Test
    void aNonzeroStatusThrowsWithItsName() {
        Plan plan = NativeCases.plan(RationalSpec.pauDefault(), 1);
        Operand f = new Operand.FloatArray(new float[1 << 17], 0);
        // backward from an unaligned begin breaks the ABI's precondition: the C side rejects it
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> jna.backward(plan, DType.F32,
                Shape.flat(1 << 17), f, f, f, 5, 1 << 17, new double[6], new double[4]));
        assertTrue(e.getMessage().startsWith("r4j_backward returned -1: R4J_ERR_ARGUMENT"), e.getMessage());
    }
}
