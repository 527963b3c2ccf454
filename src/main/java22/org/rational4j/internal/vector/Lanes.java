package org.rational4j.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.rational4j.internal.Accumulators;

/**
 * The vector width of the {@code vector} backend, fixed when the class loads: the JVM's preferred
 * shape ({@link FloatVector#SPECIES_PREFERRED}), at most 512 bits (16 f32 lanes, one row of the
 * contract's 16 lanes), and at most {@code -Drational4j.vector.bits=128|256|512} when set, so that a
 * wide machine can test and measure what a narrower one (NEON: 128 bits, AVX2: 256) gets. The
 * species are constants because C2 only intrinsifies Vector API calls on constant species.
 */
final class Lanes {
    static final String BITS_PROPERTY = "rational4j.vector.bits";

    /** The width the hardware prefers, capped at 512 bits. */
    static final int HARDWARE_BITS = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
    /** The width in use. */
    static final int BITS = pickBits(System.getProperty(BITS_PROPERTY), HARDWARE_BITS);

    static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, VectorShape.forBitSize(BITS));
    static final int FL = FS.length();
    static final int DL = DS.length();
    /** f32 vectors per row of 16 lanes. */
    static final int FPR = Accumulators.LANES / FL;

    private Lanes() {
    }

    /**
     * The largest of 512, 256, 128 and 64 bits that is at most the hardware's width and the
     * requested one (a request above the hardware is capped, as the property documents).
     *
     * @throws IllegalArgumentException for a value that is not 128, 256 or 512
     */
    static int pickBits(String requested, int hardware) {
        int cap = hardware;
        if (requested != null && !requested.isBlank()) {
            int r;
            try {
                r = Integer.parseInt(requested.trim());
            } catch (NumberFormatException e) {
                r = -1;
            }
            if (r != 128 && r != 256 && r != 512) {
                throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + requested
                        + ": expected 128, 256 or 512");
            }
            cap = Math.min(cap, r);
        }
        for (int b = 512; b >= 64; b /= 2) {
            if (b <= cap) {
                return b;
            }
        }
        return 64;
    }

    static String describe() {
        String capped = BITS < HARDWARE_BITS ? " (capped by -D" + BITS_PROPERTY + "; hardware " + HARDWARE_BITS + ")"
                : "";
        return BITS + "-bit vectors" + capped + ", f32 x" + FL + ", f64 x" + DL;
    }
}
