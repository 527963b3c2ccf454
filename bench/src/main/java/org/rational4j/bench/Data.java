package org.rational4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalActivation;
import org.rational4j.coefficients.Builtins;
import org.rational4j.foreign.Tensor;

/** Inputs shared by the benchmarks: deterministic random data in [-3, 3) (x) and [-1, 1) (dy). */
final class Data {
    private Data() {
    }

    static final long SEED = 0x5EEDL;

    /** The coefficients for version "A"/"B" and degrees "5_4" etc. (rational_activations' leaky_relu). */
    static Coefficients coefficients(String version, String degrees) {
        return Builtins.get("pau/" + version + degrees + "/leaky_relu").coefficients();
    }

    static Coefficients defaults() {
        return Builtins.defaultActivation().coefficients();
    }

    /** One thread, never split: the single-thread figures. */
    static RationalActivation activation(Coefficients c, String backend, int threads) {
        return RationalActivation.builder(c).backend(backend).threads(threads).build();
    }

    static float[] xs(int n) {
        SplittableRandom r = new SplittableRandom(SEED);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 6 - 3);
        }
        return a;
    }

    static float[] dys(int n) {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** bf16 bits of f (truncation is fine for benchmark inputs). */
    static short[] toBf16(float[] f) {
        short[] s = new short[f.length];
        for (int i = 0; i < f.length; i++) {
            s[i] = (short) (Float.floatToRawIntBits(f[i]) >>> 16);
        }
        return s;
    }

    static FloatBuffer direct(float[] f) {
        FloatBuffer b = ByteBuffer.allocateDirect(f.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(f).clear();
        return b;
    }

    static Tensor tensor(Arena arena, float[] f) {
        Tensor t = Tensor.allocate(arena, DType.F32, org.rational4j.Shape.flat(f.length));
        MemorySegment.copy(f, 0, t.segment(), ValueLayout.JAVA_FLOAT, 0, f.length);
        return t;
    }
}
