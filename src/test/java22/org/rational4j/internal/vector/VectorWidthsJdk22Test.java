package org.rational4j.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rational4j.BackendUnavailableException;

/**
 * The vector width switch ({@code -Drational4j.vector.bits}) and the bit checks of
 * {@link VectorKernelsJdk22Test} at 128, 256 and 512 bits, each in a JVM of its own (the width is a
 * constant of the class, as C2 needs it). A width above the hardware's is capped: on an AVX2
 * machine the 512 run checks that it ran at 256 bits.
 */
class VectorWidthsJdk22Test {

    @Test
    void bitsPropertyPicksTheWidthAndCapsItAtTheHardware() {
        assertEquals(512, VectorBackend.pickBits(null, 512));
        assertEquals(256, VectorBackend.pickBits("256", 512));
        assertEquals(128, VectorBackend.pickBits(" 128 ", 512));
        assertEquals(256, VectorBackend.pickBits("512", 256));
        assertEquals(128, VectorBackend.pickBits("256", 128));
        assertEquals(256, VectorBackend.pickBits(null, 256));
        for (String bad : List.of("64", "1024", "wide", "-256")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorBackend.pickBits(bad, 512));
            assertTrue(e.getMessage().contains("rational4j.vector.bits=" + bad), e.getMessage());
        }
    }

    @Test
    void aBadBitsValueMakesTheBackendUnavailableWithTheValue() {
        String old = System.getProperty(VectorBackend.BITS_PROPERTY);
        System.setProperty(VectorBackend.BITS_PROPERTY, "300");
        try {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, VectorBackend::create);
            assertTrue(e.getMessage().contains("rational4j.vector.bits=300"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(VectorBackend.BITS_PROPERTY);
            } else {
                System.setProperty(VectorBackend.BITS_PROPERTY, old);
            }
        }
    }

    @Test
    void everyWidthMatchesScalarBitForBitInBothWarmupModes() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int bits : new int[] {128, 256, 512}) {
            List<String> cmd = List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                    "-D" + VectorBackend.BITS_PROPERTY + "=" + bits, "-cp", System.getProperty("java.class.path"),
                    VectorKernelsJdk22Test.class.getName());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), bits + "-bit run did not finish");
            assertEquals(0, p.exitValue(), bits + "-bit run failed:\n" + out);
            int expected = Math.min(bits, Lanes.HARDWARE_BITS);
            assertTrue(out.contains("bits=" + expected), bits + "-bit run should run at " + expected + " bits:\n" + out);
        }
    }
}
