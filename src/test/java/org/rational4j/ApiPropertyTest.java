package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random shapes, offsets, lengths and groups thrown at the array API: each call either computes
 * the scalar reference result or throws IllegalArgumentException, IndexOutOfBoundsException or
 * NullPointerException, never anything else.
 */
class ApiPropertyTest {
    private static final String[] BACKENDS = TestBackends.available().toArray(new String[0]);

    private static boolean allowed(RuntimeException e) {
        return e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException
                || e instanceof NullPointerException;
    }

    @Property(tries = 300)
    void forwardAndBackwardComputeOrRejectCleanly(
            @ForAll @LongRange(min = -2, max = 9) long outer,
            @ForAll @LongRange(min = -1, max = 12) long channels,
            @ForAll @LongRange(min = -1, max = 9) long inner,
            @ForAll @IntRange(min = -3, max = 40) int xOffset,
            @ForAll @IntRange(min = -3, max = 40) int yOffset,
            @ForAll @IntRange(min = 0, max = 400) int xLength,
            @ForAll @IntRange(min = 0, max = 400) int yLength,
            @ForAll @IntRange(min = 1, max = 6) int numGroups,
            @ForAll @IntRange(min = 1, max = 6) int denGroups,
            @ForAll @IntRange(min = 0, max = 3) int backendIndex,
            @ForAll boolean sameArray,
            @ForAll long seed) {
        Random r = new Random(seed);
        RationalSpec spec = RationalSpec.of(Version.values()[r.nextInt(4)], r.nextInt(8), 1 + r.nextInt(6))
                .withGroups(numGroups, denGroups);
        Coefficients coef = TestData.randomCoefficients(r, spec);
        RationalActivation act = RationalActivation.builder(coef).backend(BACKENDS[backendIndex % BACKENDS.length])
                .threads(2).parallelThreshold(r.nextBoolean() ? 0 : Long.MAX_VALUE).build();
        RationalActivation ref = RationalActivation.builder(coef).backend("scalar").threads(1).build();
        float[] x = TestData.floats(r, xLength);
        float[] y = sameArray ? x : new float[yLength];
        float[] dy = TestData.floats(r, yLength);
        Shape shape;
        try {
            shape = Shape.of(outer, channels, inner);
        } catch (IllegalArgumentException e) {
            return;
        }
        float[] xBefore = x.clone();
        try {
            act.forward(x, xOffset, y, yOffset, shape);
        } catch (RuntimeException e) {
            assertTrue(allowed(e), "unexpected " + e);
            return;
        }
        int n = (int) shape.size();
        float[] want = new float[n];
        ref.forward(Arrays.copyOfRange(xBefore, xOffset, xOffset + n), 0, want, 0, shape);
        assertNull(TestData.firstDifference(want, Arrays.copyOfRange(y, yOffset, yOffset + n)));

        // backward with dy's offset reused for dx in place
        Gradients g = new Gradients(spec);
        float[] dyBefore = dy.clone();
        try {
            act.backward(xBefore, xOffset, dy, yOffset, dy, yOffset, shape, g);
        } catch (RuntimeException e) {
            assertTrue(allowed(e), "unexpected " + e);
            return;
        }
        Gradients gw = new Gradients(spec);
        float[] dxWant = new float[n];
        ref.backward(Arrays.copyOfRange(xBefore, xOffset, xOffset + n), 0,
                Arrays.copyOfRange(dyBefore, yOffset, yOffset + n), 0, dxWant, 0, shape, gw);
        assertNull(TestData.firstDifference(dxWant, Arrays.copyOfRange(dy, yOffset, yOffset + n)));
        assertNull(TestData.firstDifference(gw.numerator(), g.numerator()));
        assertNull(TestData.firstDifference(gw.denominator(), g.denominator()));
    }
}
