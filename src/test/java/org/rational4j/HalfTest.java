package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rational4j.internal.Half;

/** bf16 and f16 conversions of docs/contract.md section 5 (the f16 ones are also checked against the JDK 20+ methods in a Jdk22Test). */
class HalfTest {

    @Test
    void bf16RoundsToNearestEven() {
        Random r = new Random(5);
        for (int i = 0; i < 1_000_000; i++) {
            int bits = i < 500_000 ? r.nextInt() : Float.floatToRawIntBits((float) r.nextGaussian());
            float f = Float.intBitsToFloat(bits);
            short h = Half.floatToBf16(f);
            float back = Half.bf16ToFloat(h);
            if (f != f) {
                assertTrue(back != back);
                assertTrue((h & 0x0040) != 0, "quiet NaN");
                continue;
            }
            // the two bf16 neighbours of f: truncated and one up (same sign)
            float down = Float.intBitsToFloat(bits & 0xFFFF0000);
            float up = Float.intBitsToFloat((bits & 0xFFFF0000) + 0x10000);
            double dd = Math.abs((double) f - down);
            // past the largest finite bf16, "up" is infinity and stands for 2^128 (overflow rounds to it)
            double du = Math.abs((double) f - (Float.isInfinite(up) && !Float.isInfinite(f) ? Math.copySign(0x1p128, f) : up));
            float want = dd < du ? down : du < dd ? up : (((bits >>> 16) & 1) == 0 ? down : up);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(back), "f32 0x" + Integer.toHexString(bits));
        }
        assertEquals((short) 0x7F80, Half.floatToBf16(Float.MAX_VALUE), "overflow rounds to infinity");
        assertEquals((short) 0x0001, Half.floatToBf16(Float.intBitsToFloat(0x00010000)), "denormals kept");
    }

    @Test
    void f16RoundTripsEveryValue() {
        for (int h = 0; h < 65536; h++) {
            float f = Half.f16ToFloat((short) h);
            if (f != f) {
                assertTrue(Half.f16ToFloat(Half.floatToF16(f)) != Half.f16ToFloat(Half.floatToF16(f)));
                continue;
            }
            assertEquals((short) h, Half.floatToF16(f), "0x" + Integer.toHexString(h));
        }
        assertEquals(65504f, Half.f16ToFloat(Half.floatToF16(65519f)));
        assertEquals(Float.POSITIVE_INFINITY, Half.f16ToFloat(Half.floatToF16(65520f)));
        assertEquals(0x1p-24f, Half.f16ToFloat(Half.floatToF16(0x1.0p-24f)));
        assertEquals(0f, Half.f16ToFloat(Half.floatToF16(0x1p-25f)), "tie to even zero");
        assertEquals(0x1p-24f, Half.f16ToFloat(Half.floatToF16(0x1.000002p-25f)));
    }
}
