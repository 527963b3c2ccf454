import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;

/**
 * The library as a user runs it, on whatever JVM starts this: forward and backward for every dtype
 * and version on fixed inputs, printing the backend and a SHA-256 of the bits of y, dx and both
 * coefficient gradients. native/jvm-smoke.sh runs it on this host's JDK (pure-Java scalar backend:
 * the expected bits) and on Debian's arm64 JRE under qemu-aarch64 with the linux-aarch64 natives
 * (jna backend), and compares the lines. Inputs come from an integer generator and exact bit
 * patterns only (no libm), with NaN, infinities, signed zeros and denormals mixed in.
 */
public final class JvmSmoke {
    private static final Version[] VERSIONS = {Version.A, Version.B, Version.C, Version.N};
    private static long state;

    private JvmSmoke() {
    }

    public static void main(String[] args) throws Exception {
        // [outer, C, inner] with 2 numerator and 3 denominator groups: runs of 100 elements, odd tails
        Shape grouped = Shape.of(5, 6, 100);
        RationalActivation first = null;
        for (DType dtype : DType.values()) {
            for (Version version : VERSIONS) {
                RationalSpec spec = RationalSpec.of(version, 5, 4).withGroups(2, 3);
                RationalActivation act = activation(spec, 11L * dtype.ordinal() + version.ordinal());
                if (first == null) {
                    first = act;
                    System.out.println("BACKEND " + act.backendDescription());
                }
                run(act, dtype, grouped, 1000L + 17L * dtype.ordinal() + version.ordinal());
            }
        }
        // one tensor past a 65536-element block, layer-wise (5,4) version A
        run(activation(RationalSpec.pauDefault(), 99), DType.F32, Shape.flat(70001), 4242);
    }

    private static RationalActivation activation(RationalSpec spec, long seed) {
        state = seed;
        double[] a = new double[spec.numeratorLength() * spec.numeratorGroups()];
        double[] b = new double[spec.denominatorLength() * spec.denominatorGroups()];
        for (int i = 0; i < a.length; i++) {
            a[i] = uniform() * 2;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = uniform() * 0.5;
        }
        return RationalActivation.of(Coefficients.of(spec, a, b));
    }

    private static void run(RationalActivation act, DType dtype, Shape shape, long seed) throws Exception {
        state = seed;
        int n = Math.toIntExact(shape.size());
        // NaN and infinities only in channel 0: they make the gradients of its groups NaN, the
        // other groups' gradients stay finite and are compared too
        boolean[] nonFinite = new boolean[n];
        for (int i = 0; i < n; i++) {
            nonFinite[i] = shape.channels() > 1 && (i / shape.inner()) % shape.channels() == 0;
        }
        Gradients grads = new Gradients(act.spec());
        ByteBuffer y;
        ByteBuffer dx;
        switch (dtype) {
            case F32: {
                float[] xs = new float[n];
                float[] dys = new float[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = Float.intBitsToFloat(special32(i, nonFinite[i], (float) (uniform() * 4)));
                    dys[i] = (float) uniform();
                }
                float[] ys = new float[n];
                float[] dxs = new float[n];
                act.forward(xs, 0, ys, 0, shape);
                act.backward(xs, 0, dys, 0, dxs, 0, shape, grads);
                y = floats(ys);
                dx = floats(dxs);
                break;
            }
            case F64: {
                double[] xs = new double[n];
                double[] dys = new double[n];
                for (int i = 0; i < n; i++) {
                    int bits = special32(i, nonFinite[i], (float) (uniform() * 4));
                    // widening is exact; the denormal stays a (normal) f64 of the same value
                    xs[i] = Float.intBitsToFloat(bits);
                    dys[i] = uniform();
                }
                double[] ys = new double[n];
                double[] dxs = new double[n];
                act.forward(xs, 0, ys, 0, shape);
                act.backward(xs, 0, dys, 0, dxs, 0, shape, grads);
                y = doubles(ys);
                dx = doubles(dxs);
                break;
            }
            default: {
                boolean bf16 = dtype == DType.BF16;
                short[] xs = new short[n];
                short[] dys = new short[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = bf16 ? (short) (special32(i, nonFinite[i], (float) (uniform() * 4)) >>> 16)
                            : specialF16(i, nonFinite[i]);
                    dys[i] = bf16 ? (short) (Float.floatToRawIntBits((float) uniform()) >>> 16) : f16(uniform());
                }
                short[] ys = new short[n];
                short[] dxs = new short[n];
                act.forward(xs, 0, ys, 0, shape, dtype);
                act.backward(xs, 0, dys, 0, dxs, 0, shape, dtype, grads);
                y = halves(ys, bf16);
                dx = halves(dxs, bf16);
                break;
            }
        }
        System.out.println(dtype + " " + act.spec() + " " + shape + " y=" + sha(y) + " dx=" + sha(dx)
                + " gn=" + sha(doubles(grads.numerator())) + " gd=" + sha(doubles(grads.denominator())));
    }

    /** Uniform in [-1, 1) from a 64-bit LCG: 53 bits of the state, exact in f64. */
    private static double uniform() {
        state = state * 6364136223846793005L + 1442695040888963407L;
        return ((state >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    /** f32 bits of x, or a special value at fixed positions (NaN, infinities, 1e30 only if nonFinite). */
    private static int special32(int i, boolean nonFinite, float x) {
        switch (i % 97) {
            case 3: return 0x00000000;                // +0
            case 10: return 0x80000000;               // -0
            case 57: return 0x00012345;               // denormal
            case 21: return nonFinite ? 0x7fc00000 : Float.floatToRawIntBits(x);   // NaN
            case 30: return nonFinite ? 0x7f800000 : Float.floatToRawIntBits(x);   // +inf
            case 44: return nonFinite ? 0xff800000 : Float.floatToRawIntBits(x);   // -inf
            case 68: return nonFinite ? 0x7149f2ca : Float.floatToRawIntBits(x);   // 1e30
            default: return Float.floatToRawIntBits(x);
        }
    }

    /** f16 bits: a special value at fixed positions (NaN, infinities only if nonFinite), else a random normal half. */
    private static short specialF16(int i, boolean nonFinite) {
        short x = f16(uniform() * 4);
        switch (i % 97) {
            case 3: return 0x0000;
            case 10: return (short) 0x8000;
            case 57: return 0x0123;                   // denormal
            case 21: return nonFinite ? 0x7e00 : x;
            case 30: return nonFinite ? 0x7c00 : x;
            case 44: return nonFinite ? (short) 0xfc00 : x;
            default: return x;
        }
    }

    /** An f16 with the sign of u and a magnitude from |u| (exponent 2^-4..2^1): built from bits, exact. */
    private static short f16(double u) {
        long r = (long) (Math.abs(u) * (1 << 16));
        int exponent = 11 + (int) (r % 6);           // biased: 2^-4 .. 2^1
        int mantissa = (int) ((r >>> 3) & 0x3ff);
        return (short) ((u < 0 ? 0x8000 : 0) | exponent << 10 | mantissa);
    }

    // Bits little-endian; NaN canonicalised (the contract fixes which elements are NaN, not payloads).
    private static ByteBuffer floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putInt(Float.isNaN(f) ? 0x7fc00000 : Float.floatToRawIntBits(f));
        }
        return b;
    }

    private static ByteBuffer doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putLong(Double.isNaN(d) ? 0x7ff8000000000000L : Double.doubleToRawLongBits(d));
        }
        return b;
    }

    private static ByteBuffer halves(short[] v, boolean bf16) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : v) {
            int mag = h & 0x7fff;
            boolean nan = bf16 ? mag > 0x7f80 : mag > 0x7c00;
            b.putShort(nan ? (short) (bf16 ? 0x7fc0 : 0x7e00) : h);
        }
        return b;
    }

    private static String sha(ByteBuffer bits) throws NoSuchAlgorithmException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(bits.array());
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append(String.format("%02x", d[i]));
        }
        return s.toString();
    }
}
