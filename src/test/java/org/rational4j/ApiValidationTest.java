package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad input: the right exception, a message naming the argument, and no backend call. */
class ApiValidationTest {
    private final RationalSpec spec = RationalSpec.of(Version.A, 5, 4).withGroups(1, 4);
    private final CountingBackend counter = new CountingBackend();
    private final RationalActivation act = CountingBackend.wrap(RationalActivation.builder(
            Coefficients.of(spec, new double[] {0, 1, 0, 0, 0, 0}, new double[] {0.5, 0, 0, 0})).backend("scalar")
            .build(), counter);
    private final Gradients grads = new Gradients(spec);

    private <T extends Throwable> void rejects(Class<T> type, String mentions, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(mentions),
                "message should mention '" + mentions + "': " + e.getMessage());
        assertEquals(0, counter.calls.get(), "no backend call on bad input");
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Test
    void arrays() {
        float[] a = new float[16];
        Shape s = Shape.of(2, 4, 2);
        rejects(NullPointerException.class, "x", () -> act.forward(null, 0, a, 0, s));
        rejects(NullPointerException.class, "y", () -> act.forward(a, 0, null, 0, s));
        rejects(NullPointerException.class, "shape", () -> act.forward(a, 0, a, 0, null));
        rejects(IndexOutOfBoundsException.class, "xOffset", () -> act.forward(a, -1, new float[16], 0, s));
        rejects(IndexOutOfBoundsException.class, "yOffset", () -> act.forward(a, 0, new float[16], 17, s));
        rejects(IndexOutOfBoundsException.class, "x has 15", () -> act.forward(a, 1, new float[16], 0, s));
        rejects(IndexOutOfBoundsException.class, "y has", () -> act.forward(a, 0, new float[15], 0, s));
        rejects(IllegalArgumentException.class, "denominatorGroups 4 does not divide",
                () -> act.forward(a, 0, new float[16], 0, Shape.of(2, 6, 1)));
    }

    @Test
    void overlapsAndFlat() {
        float[] a = new float[20];
        rejects(IllegalArgumentException.class, "overlaps", () -> act.forward(a, 0, a, 2, Shape.of(1, 4, 4)));
        rejects(IllegalArgumentException.class, "differs", () -> act.forward(new float[4], new float[5]));
        rejects(IllegalArgumentException.class, "overlaps",
                () -> act.backward(a, 0, new float[20], 0, a, 1, Shape.of(1, 4, 4), grads));
        // in place is allowed
        act.forward(a, 2, a, 2, Shape.of(1, 4, 4));
        act.forward(new float[0], new float[0]); // empty: nothing to do
    }

    @Test
    void gradientsAndHalves() {
        float[] a = new float[8];
        rejects(NullPointerException.class, "grads", () -> act.backward(a, a, new float[8], null));
        rejects(IllegalArgumentException.class, "grads are for",
                () -> act.backward(a, a, new float[8], new Gradients(RationalSpec.pauDefault())));
        rejects(IllegalArgumentException.class, "halfType",
                () -> act.forward(new short[4], 0, new short[4], 0, Shape.of(1, 4, 1), DType.F32));
        rejects(NullPointerException.class, "halfType",
                () -> act.forward(new short[4], 0, new short[4], 0, Shape.of(1, 4, 1), null));
        rejects(IndexOutOfBoundsException.class, "dyOffset",
                () -> act.backward(new double[4], 0, new double[4], -3, new double[4], 0, Shape.of(1, 4, 1), grads));
    }

    @Test
    void buffers() {
        Shape s = Shape.of(2, 4, 1);
        rejects(IllegalArgumentException.class, "allocateDirect", () -> act.forward(FloatBuffer.allocate(8), direct(8), s));
        FloatBuffer swapped = ByteBuffer.allocateDirect(32).order(
                ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .asFloatBuffer();
        rejects(IllegalArgumentException.class, "byte order", () -> act.forward(swapped, direct(8), s));
        rejects(IllegalArgumentException.class, "read-only", () -> act.forward(direct(8), direct(8).asReadOnlyBuffer(), s));
        FloatBuffer small = direct(8);
        small.position(2);
        rejects(IndexOutOfBoundsException.class, "x has 6", () -> act.forward(small, direct(8), s));
        rejects(NullPointerException.class, "dx", () -> act.backward(direct(8), direct(8), null, s, grads));
        ShortBuffer sb = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asShortBuffer();
        rejects(IllegalArgumentException.class, "halfType", () -> act.forward(sb, sb, s, DType.F64));
    }

    @Test
    void builder() {
        Coefficients c = act.coefficients();
        assertThrows(IllegalArgumentException.class, () -> RationalActivation.builder(c).backend("gpu").build());
        assertThrows(IllegalArgumentException.class, () -> RationalActivation.builder(c).threads(0));
        assertThrows(IllegalArgumentException.class, () -> RationalActivation.builder(c).parallelThreshold(-1));
        assertThrows(NullPointerException.class, () -> RationalActivation.builder(c).executor(null));
        assertThrows(NullPointerException.class, () -> RationalActivation.builder(null));
        if (Runtime.version().feature() < 22) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> RationalActivation.builder(c).backend("vector").build());
            assertTrue(e.getMessage().contains("22"), e.getMessage());
        } else {
            // the test JVM runs with --add-modules jdk.incubator.vector (pom.xml r4j.test.jvm.flags)
            assertEquals("vector", RationalActivation.builder(c).backend("vector").build().backendName());
        }
        RationalActivation same = RationalActivation.builder(c).backend("scalar").build();
        assertEquals("scalar", same.backendName());
        RationalActivation other = same.withCoefficients(Coefficients.of(RationalSpec.pauDefault(),
                new double[6], new double[4]));
        assertEquals("scalar", other.backendName());
        assertEquals(RationalSpec.pauDefault(), other.spec());
    }

    @Test
    void directBuffersMatchArraysAndKeepTheirPosition() {
        RationalActivation plain = RationalActivation.builder(act.coefficients()).backend("scalar").build();
        float[] x = {-2, -1, 0, 1, 2, 3, 4, 5};
        float[] y = new float[8];
        plain.forward(x, 0, y, 0, Shape.of(1, 4, 2));
        FloatBuffer bx = direct(10);
        bx.position(2);
        bx.put(x);
        bx.position(2);
        FloatBuffer by = direct(8);
        plain.forward(bx, by, Shape.of(1, 4, 2));
        assertEquals(2, bx.position());
        assertEquals(0, by.position());
        for (int i = 0; i < 8; i++) {
            assertEquals(y[i], by.get(i));
        }
    }
}
