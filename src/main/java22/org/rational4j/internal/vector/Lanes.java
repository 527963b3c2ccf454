package org.rational4j.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.rational4j.internal.Accumulators;

/**
 * The vector width of the {@code vector} backend, fixed when the class loads: the JVM's preferred
 * shape ({@link FloatVector#SPECIES_PREFERRED}), at most 512 bits (16 f32 lanes, one row of the
 * contract's 16 lanes), and at most {@code -Drational4j.vector.bits=128|256|512} when set, so that a
 * wide machine can test and measure what a narrower one (NEON: 128 bits, AVX2: 256) gets
 * ({@link VectorBackend#pickBits}, which {@link VectorBackend#create} checks first). The species
 * are constants because C2 only intrinsifies Vector API calls on constant species.
 */
final class Lanes {
    /** The width the hardware prefers, capped at 512 bits. */
    static final int HARDWARE_BITS = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
    /** The width in use. */
    static final int BITS = VectorBackend.pickBits(System.getProperty(VectorBackend.BITS_PROPERTY), HARDWARE_BITS);

    static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, VectorShape.forBitSize(BITS));
    static final int FL = FS.length();
    static final int DL = DS.length();
    /** f32 vectors per row of 16 lanes. */
    static final int FPR = Accumulators.LANES / FL;

    private Lanes() {
    }

    static String describe() {
        String capped = BITS < HARDWARE_BITS
                ? " (capped by -D" + VectorBackend.BITS_PROPERTY + "; hardware " + HARDWARE_BITS + ")" : "";
        return BITS + "-bit vectors" + capped + ", f32 x" + FL + ", f64 x" + DL;
    }
}
