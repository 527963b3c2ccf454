package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rational4j.internal.Backends;
import org.rational4j.internal.Half;

class VectorBackendJdk22Test {

    @Test
    void vectorBackendRunsOnJdk22WithTheModule() {
        assertTrue(Backends.isAvailable("vector"), "surefire adds --add-modules jdk.incubator.vector");
        RationalActivation act = RationalActivation.builder(Coefficients.of(RationalSpec.pauDefault(),
                new double[] {0, 1, 0, 0, 0, 0}, new double[] {0, 0, 0, 0})).backend("vector").build();
        assertEquals("vector", act.backendName());
        float[] y = new float[3];
        act.forward(new float[] {1, 2, 3}, y);
        assertEquals(2f, y[1]);
    }

    @Test
    void halfConversionsMatchTheJdk() {
        for (int h = 0; h < 65536; h++) {
            float mine = Half.f16ToFloat((short) h);
            float jdk = Float.float16ToFloat((short) h);
            assertTrue(TestData.same(mine, jdk), "f16 0x" + Integer.toHexString(h));
        }
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 2_000_000; i++) {
            float f = i < 1_000_000 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 30));
            short mine = Half.floatToF16(f);
            short jdk = Float.floatToFloat16(f);
            if (f != f) {
                assertTrue(Float.isNaN(Half.f16ToFloat(mine)));
                assertTrue((mine & 0x0200) != 0, "quiet NaN");
            } else {
                assertEquals(jdk, mine, "f32 " + f + " bits 0x" + Integer.toHexString(Float.floatToRawIntBits(f)));
            }
        }
        // ties and boundaries
        for (int bits = 0x33000000 - 4; bits <= 0x33000000 + 4; bits++) {
            assertEquals(Float.floatToFloat16(Float.intBitsToFloat(bits)), Half.floatToF16(Float.intBitsToFloat(bits)));
        }
        for (int bits = 0x477FF000 - 4; bits <= 0x477FF000 + 4; bits++) {
            assertEquals(Float.floatToFloat16(Float.intBitsToFloat(bits)), Half.floatToF16(Float.intBitsToFloat(bits)));
        }
    }
}
