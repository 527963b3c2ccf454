package org.rational4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.net.URL;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Random;
import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;

/**
 * Inputs, operands of every kind and bit-exact results for the native binding tests: the same
 * call through different operand kinds, sub-ranges or backends must give the same bits.
 */
public final class NativeCases {
    private NativeCases() {
    }

    /**
     * The native library for this platform on the test class path ({@code target/natives}), which
     * the build always produces: a missing one is a broken build, not a reason to skip.
     *
     * @throws AssertionError saying how to build it
     */
    public static URL bundledLibrary() {
        String platform;
        try {
            platform = NativeLocator.platform();
        } catch (IllegalStateException e) {
            throw new AssertionError("this build has no native library for this platform: " + e.getMessage(), e);
        }
        String resource = NativeLocator.RESOURCE_ROOT + platform + "/" + NativeLocator.libraryFileName(platform);
        URL url = ClassLoader.getSystemResource(resource);
        if (url == null) {
            throw new AssertionError("no native library " + resource + " on the test class path (target/natives);"
                    + " the build always makes it: run the CMake build via `mvn generate-resources`");
        }
        return url;
    }

    /** Where an operand's elements live. */
    public enum Kind {
        HEAP, HEAP_OFFSET, DIRECT, DIRECT_POSITION, HEAP_BUFFER
    }

    public static Plan plan(RationalSpec spec, long seed) {
        Random r = new Random(seed);
        double[] num = new double[spec.numeratorLength() * spec.numeratorGroups()];
        double[] den = new double[spec.denominatorLength() * spec.denominatorGroups()];
        for (int i = 0; i < num.length; i++) {
            num[i] = r.nextGaussian();
        }
        for (int i = 0; i < den.length; i++) {
            den[i] = r.nextGaussian() * 0.5;
        }
        return new Plan(Coefficients.of(spec, num, den));
    }

    /** n random elements of dtype: float[], double[] or short[] (finite, some exact zeros). */
    public static Object input(DType t, int n, long seed) {
        Random r = new Random(seed);
        switch (t) {
            case F32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i % 97 == 0 ? 0f : (float) (r.nextDouble() * 6 - 3);
                }
                return a;
            }
            case F64: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i % 97 == 0 ? 0.0 : r.nextDouble() * 6 - 3;
                }
                return a;
            }
            case BF16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) (Float.floatToRawIntBits((float) (r.nextDouble() * 6 - 3)) >>> 16);
                }
                return a;
            }
            default: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) { // f16: sign, exponent 0..29 (|x| < 4), any mantissa
                    a[i] = (short) ((r.nextBoolean() ? 0x8000 : 0) | (r.nextInt(17) << 10) | r.nextInt(1024));
                }
                return a;
            }
        }
    }

    /** An operand of some kind holding a copy of {@code data}, and a way to read its elements back. */
    public static final class Storage {
        public final Operand operand;
        private final Object array;
        private final int offset;
        private final java.nio.Buffer buffer;
        private final int position;
        private final int n;

        Storage(Operand operand, Object array, int offset, java.nio.Buffer buffer, int position, int n) {
            this.operand = operand;
            this.array = array;
            this.offset = offset;
            this.buffer = buffer;
            this.position = position;
            this.n = n;
        }

        /** The n elements as a fresh array of the data's type. */
        public Object read() {
            if (array != null) {
                if (array instanceof float[]) {
                    return Arrays.copyOfRange((float[]) array, offset, offset + n);
                }
                if (array instanceof double[]) {
                    return Arrays.copyOfRange((double[]) array, offset, offset + n);
                }
                return Arrays.copyOfRange((short[]) array, offset, offset + n);
            }
            if (buffer instanceof FloatBuffer) {
                float[] out = new float[n];
                ((FloatBuffer) buffer.duplicate().position(position)).get(out);
                return out;
            }
            if (buffer instanceof DoubleBuffer) {
                double[] out = new double[n];
                ((DoubleBuffer) buffer.duplicate().position(position)).get(out);
                return out;
            }
            short[] out = new short[n];
            ((ShortBuffer) buffer.duplicate().position(position)).get(out);
            return out;
        }
    }

    public static Storage storage(Kind kind, Object data) {
        int n = java.lang.reflect.Array.getLength(data);
        int pad = kind == Kind.HEAP_OFFSET || kind == Kind.DIRECT_POSITION || kind == Kind.HEAP_BUFFER ? 7 : 0;
        if (kind == Kind.HEAP || kind == Kind.HEAP_OFFSET) {
            Object a = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), n + pad + 3);
            System.arraycopy(data, 0, a, pad, n);
            Operand o = a instanceof float[] ? new Operand.FloatArray((float[]) a, pad)
                    : a instanceof double[] ? new Operand.DoubleArray((double[]) a, pad)
                            : new Operand.ShortArray((short[]) a, pad);
            return new Storage(o, a, pad, null, 0, n);
        }
        java.nio.Buffer b;
        if (data instanceof float[]) {
            FloatBuffer f = kind == Kind.HEAP_BUFFER ? FloatBuffer.allocate(n + pad)
                    : ByteBuffer.allocateDirect((n + pad) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.position(pad);
            f.put((float[]) data).position(pad);
            b = f;
        } else if (data instanceof double[]) {
            DoubleBuffer d = kind == Kind.HEAP_BUFFER ? DoubleBuffer.allocate(n + pad)
                    : ByteBuffer.allocateDirect((n + pad) * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            d.position(pad);
            d.put((double[]) data).position(pad);
            b = d;
        } else {
            ShortBuffer s = kind == Kind.HEAP_BUFFER ? ShortBuffer.allocate(n + pad)
                    : ByteBuffer.allocateDirect((n + pad) * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
            s.position(pad);
            s.put((short[]) data).position(pad);
            b = s;
        }
        return new Storage(Operand.Direct.of(b), null, 0, b, pad, n);
    }

    /** A zeroed array like {@code data}. */
    public static Object zeros(Object data) {
        return java.lang.reflect.Array.newInstance(data.getClass().getComponentType(),
                java.lang.reflect.Array.getLength(data));
    }

    /** Forward over [begin, end) of fresh operands; y starts zeroed (or is x when inPlace). */
    public static Object forward(Backend b, Plan plan, DType t, Shape shape, Object x, Kind kx, Kind ky,
            boolean inPlace, long begin, long end) {
        Storage xs = storage(kx, x);
        Storage ys = inPlace ? xs : storage(ky, zeros(x));
        b.forward(plan, t, shape, xs.operand, ys.operand, begin, end);
        return ys.read();
    }

    /** Backward result: dx and the two gradient arrays. */
    public static final class Grad {
        public final Object dx;
        public final double[] num;
        public final double[] den;

        Grad(Object dx, double[] num, double[] den) {
            this.dx = dx;
            this.num = num;
            this.den = den;
        }
    }

    /** Backward over the block-aligned ranges given as consecutive bounds, into the same gradients. */
    public static Grad backward(Backend b, Plan plan, DType t, Shape shape, Object x, Object dy, Kind kx, Kind kd,
            boolean inPlace, long... bounds) {
        Storage xs = storage(kx, x);
        Storage dys = storage(kd, dy);
        Storage dxs = inPlace ? dys : storage(kd, zeros(dy));
        double[] gn = new double[plan.numerator64.length];
        double[] gd = new double[plan.denominator64.length];
        Arrays.fill(gn, 0.25); // accumulated into, not overwritten
        for (int i = 0; i + 1 < bounds.length; i++) {
            b.backward(plan, t, shape, xs.operand, dys.operand, dxs.operand, bounds[i], bounds[i + 1], gn, gd);
        }
        return new Grad(dxs.read(), gn, gd);
    }

    /** Raw bits of every element (NaNs made equal: contract section 6). */
    public static long[] bits(Object a) {
        int n = java.lang.reflect.Array.getLength(a);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (a instanceof float[]) {
                float v = ((float[]) a)[i];
                out[i] = Float.isNaN(v) ? -1 : Float.floatToRawIntBits(v);
            } else if (a instanceof double[]) {
                double v = ((double[]) a)[i];
                out[i] = Double.isNaN(v) ? -1 : Double.doubleToRawLongBits(v);
            } else {
                out[i] = ((short[]) a)[i];
            }
        }
        return out;
    }

    /** True when not every element is +0.0 (guards against a call that did nothing). */
    public static boolean nonZero(Object a) {
        for (long v : bits(a)) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
