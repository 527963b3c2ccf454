package org.rational4j.internal.jna;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.rational4j.DType;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.NativeCache;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;

/**
 * The C library through JNA direct mapping ({@code Native.register}), for JDK 17 and newer.
 * Pointers cross as {@code long} addresses (a pointer is a 64-bit integer argument on every
 * platform rational4j ships for), so a call allocates nothing in JNA:
 * <ul>
 * <li>direct buffers and native segments: their address, no copy;</li>
 * <li>heap arrays (and heap buffers and heap segments): copied through a per-thread native scratch
 * of one block ({@code R4J_BLOCK} elements) at a time, which measured faster than JNA's own array
 * arguments (docs/loading.md);</li>
 * <li>coefficients: native copies cached in {@link Plan#nativeCache}.</li>
 * </ul>
 * Splitting a backward call into block-aligned sub-calls that add into the same gradient arrays
 * gives the bits of one call (docs/contract.md section 4). Internal.
 */
public final class JnaBackend implements Backend {
    static final String NAME = "jna";
    /** Elements per heap round trip: one block, so that backward sub-calls stay block-aligned. */
    static final int CHUNK = 65536;


    private final NativeLibrary.Location where;

    private JnaBackend(NativeLibrary.Location where) {
        this.where = where;
    }

    /** Loads the library and binds it; called once by {@link org.rational4j.internal.Backends}, which keeps it. */
    public static Backend create() {
        return load();
    }

    private static JnaBackend load() {
        Class<?> nativeClass;
        try {
            nativeClass = Class.forName("com.sun.jna.Native", false, JnaBackend.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BackendUnavailableException(NAME, "JNA (com.sun.jna) is not on the class path",
                    "add the dependency net.java.dev.jna:jna 5.x", e);
        }
        // Without --enable-native-access JDK 24+ loads JNI libraries with a warning of its own; only
        // --illegal-native-access=deny refuses, which surfaces here as IllegalCallerException.
        NativeLibrary.Location where = NativeLibrary.locate(NAME);
        try {
            Jna.register(where.path.toString());
        } catch (UnsatisfiedLinkError | RuntimeException | ExceptionInInitializerError e) {
            if (NativeLibrary.isAccessDenial(e)) {
                throw NativeLibrary.accessDenied(NAME, nativeClass.getModule(), e);
            }
            throw NativeLibrary.openFailed(NAME, where, e);
        }
        NativeLibrary.checkAbi(NAME, where, Lib.r4j_abi_version());
        NativeLibrary.bound(where, new NativeLibrary.Binding() {
            @Override
            public int abiVersion() {
                return Lib.r4j_abi_version();
            }

            @Override
            public int cpuIsa() {
                return Lib.r4j_cpu_isa();
            }

            @Override
            public int activeIsa() {
                return Lib.r4j_active_isa();
            }

            @Override
            public int setMaxIsa(int isa) {
                return Lib.r4j_set_max_isa(isa);
            }

            @Override
            public String isaName(int isa) {
                return Lib.r4j_isa_name(isa);
            }
        });
        return new JnaBackend(where);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return NAME + ": native tier " + Lib.r4j_isa_name(Lib.r4j_active_isa()) + " (cpu "
                + Lib.r4j_isa_name(Lib.r4j_cpu_isa()) + "), library " + where;
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public Module nativeCaller() {
        return com.sun.jna.Native.class.getModule();
    }

    /** Where the library was loaded from. */
    public NativeLibrary.Location location() {
        return where;
    }

    // ------------------------------------------------------------------ calls

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        RationalSpec s = plan.spec;
        Coefficients c = coefficients(plan);
        boolean dbl = dtype.computesInDouble();
        long num = dbl ? c.num64 : c.num32;
        long den = dbl ? c.den64 : c.den32;
        int es = dtype.byteSize();
        long xa = address(x, begin, es);
        long ya = address(y, begin, es);
        if (xa != -1 && ya != -1) {
            check("r4j_forward", Lib.r4j_forward(dtype.code(), s.version().code(), s.numeratorDegree(),
                    s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), xa, ya, begin, end));
            return;
        }
        Operand xh = xa == -1 ? heap(x, dtype) : null;
        Operand yh = ya == -1 ? heap(y, dtype) : null;
        boolean inPlace = xh != null && yh != null && sameArray(xh, yh);
        Scratch scratch = Scratch.get();
        for (long b = begin; b < end;) {
            int len = (int) Math.min(CHUNK, end - b);
            long e = b + len;
            long xp = xa != -1 ? xa + (b - begin) * es : scratch.copyIn(0, xh, b, len, es);
            long yp = ya != -1 ? ya + (b - begin) * es : inPlace ? xp : scratch.slot(1, (long) len * es);
            check("r4j_forward", Lib.r4j_forward(dtype.code(), s.version().code(), s.numeratorDegree(),
                    s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), xp, yp, b, e));
            if (ya == -1) {
                scratch.copyOut(inPlace ? 0 : 1, yh, b, len);
            }
            b = e;
        }
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gradNumerator, double[] gradDenominator) {
        RationalSpec s = plan.spec;
        Coefficients c = coefficients(plan);
        boolean dbl = dtype.computesInDouble();
        long num = dbl ? c.num64 : c.num32;
        long den = dbl ? c.den64 : c.den32;
        int es = dtype.byteSize();
        long xa = address(x, begin, es);
        long dya = address(dy, begin, es);
        long dxa = address(dx, begin, es);
        Scratch scratch = Scratch.get();
        int gn = gradNumerator.length;
        int gd = gradDenominator.length;
        com.sun.jna.Memory grads = scratch.grads(gn + gd);
        grads.write(0, gradNumerator, 0, gn);
        grads.write(8L * gn, gradDenominator, 0, gd);
        long gnp = com.sun.jna.Pointer.nativeValue(grads);
        long gdp = gnp + 8L * gn;
        if (xa != -1 && dya != -1 && dxa != -1) {
            check("r4j_backward", Lib.r4j_backward(dtype.code(), s.version().code(), s.numeratorDegree(),
                    s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                    s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), xa, dya, dxa, begin,
                    end, gnp, gdp));
        } else {
            Operand xh = xa == -1 ? heap(x, dtype) : null;
            Operand dyh = dya == -1 ? heap(dy, dtype) : null;
            Operand dxh = dxa == -1 ? heap(dx, dtype) : null;
            boolean inPlace = dyh != null && dxh != null && sameArray(dyh, dxh);
            for (long b = begin; b < end;) {
                int len = (int) Math.min(CHUNK, end - b);
                long e = b + len;
                long off = (b - begin) * es;
                long xp = xa != -1 ? xa + off : scratch.copyIn(0, xh, b, len, es);
                long dyp = dya != -1 ? dya + off : scratch.copyIn(1, dyh, b, len, es);
                long dxp = dxa != -1 ? dxa + off : inPlace ? dyp : scratch.slot(2, (long) len * es);
                check("r4j_backward", Lib.r4j_backward(dtype.code(), s.version().code(), s.numeratorDegree(),
                        s.denominatorDegree(), s.signAtZero().flags(), num, s.numeratorGroups(), den,
                        s.denominatorGroups(), shape.outer(), shape.channels(), shape.inner(), xp, dyp, dxp, b, e,
                        gnp, gdp));
                if (dxa == -1) {
                    scratch.copyOut(inPlace ? 1 : 2, dxh, b, len);
                }
                b = e;
            }
        }
        grads.read(0, gradNumerator, 0, gn);
        grads.read(8L * gn, gradDenominator, 0, gd);
    }

    /** The benchmark yardstick {@code dx[i] = x[i] * dy[i]} on direct buffers (f32, no copy). */
    public static void yardstickMulF32(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int n) {
        check("r4j_yardstick_mul_f32", Lib.r4j_yardstick_mul_f32(address(new Operand.Direct(x), 0, 4),
                address(new Operand.Direct(dy), 0, 4), address(new Operand.Direct(dx), 0, 4), n));
    }

    private static void check(String function, int status) {
        if (status != 0) {
            throw NativeLibrary.statusError(function, status);
        }
    }

    // ------------------------------------------------------------------ operands

    /** The address of element {@code begin} when the operand is in native memory, else -1. */
    static long address(Operand o, long begin, int es) {
        if (o instanceof Operand.Direct) {
            Operand.Direct d = (Operand.Direct) o;
            if (!d.buffer.isDirect()) {
                return -1;
            }
            long base = com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(d.buffer));
            return base + (d.position + begin) * es;
        }
        if (o instanceof Operand.FloatArray || o instanceof Operand.DoubleArray || o instanceof Operand.ShortArray) {
            return -1;
        }
        long a = segmentBridge().address(o);
        return a == -1 ? -1 : a + begin * es;
    }

    /**
     * Opens operands that only JDK 22+ code can read ({@code SegmentOperand}); implemented by
     * {@code org.rational4j.internal.ffm.Segments}.
     */
    public interface SegmentBridge {
        /** The native address of element 0, or -1 when the elements are not in native memory. */
        long address(Operand o);

        /** The elements as a FloatArray, DoubleArray or ShortArray when a Java array holds them, else null. */
        Operand heapView(Operand o);
    }

    private static volatile SegmentBridge bridge;

    private static SegmentBridge segmentBridge() {
        SegmentBridge b = bridge;
        if (b == null) {
            try {
                b = (SegmentBridge) Class.forName("org.rational4j.internal.ffm.Segments")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                b = new SegmentBridge() { // JDK 17: there are no segment operands
                    @Override
                    public long address(Operand o) {
                        return -1;
                    }

                    @Override
                    public Operand heapView(Operand o) {
                        return null;
                    }
                };
            }
            bridge = b;
        }
        return b;
    }

    /** A heap operand as a FloatArray, DoubleArray or ShortArray of the dtype's element type. */
    static Operand heap(Operand o, DType dtype) {
        Operand h = o;
        if (o instanceof Operand.Direct) {
            Operand.Direct d = (Operand.Direct) o;
            Buffer b = d.buffer;
            if (b.hasArray()) {
                int at = b.arrayOffset() + d.position;
                if (b instanceof FloatBuffer) {
                    h = new Operand.FloatArray(((FloatBuffer) b).array(), at);
                } else if (b instanceof DoubleBuffer) {
                    h = new Operand.DoubleArray(((DoubleBuffer) b).array(), at);
                } else if (b instanceof ShortBuffer) {
                    h = new Operand.ShortArray(((ShortBuffer) b).array(), at);
                }
            }
        } else if (!(o instanceof Operand.FloatArray || o instanceof Operand.DoubleArray
                || o instanceof Operand.ShortArray)) {
            h = segmentBridge().heapView(o);
        }
        boolean fits = dtype == DType.F32 ? h instanceof Operand.FloatArray
                : dtype == DType.F64 ? h instanceof Operand.DoubleArray : h instanceof Operand.ShortArray;
        if (!fits) {
            throw new UnsupportedOperationException("jna: cannot pass a " + o.getClass().getSimpleName()
                    + " operand for " + dtype);
        }
        return h;
    }

    private static boolean sameArray(Operand a, Operand b) {
        if (a instanceof Operand.FloatArray && b instanceof Operand.FloatArray) {
            return ((Operand.FloatArray) a).array == ((Operand.FloatArray) b).array
                    && ((Operand.FloatArray) a).offset == ((Operand.FloatArray) b).offset;
        }
        if (a instanceof Operand.DoubleArray && b instanceof Operand.DoubleArray) {
            return ((Operand.DoubleArray) a).array == ((Operand.DoubleArray) b).array
                    && ((Operand.DoubleArray) a).offset == ((Operand.DoubleArray) b).offset;
        }
        if (a instanceof Operand.ShortArray && b instanceof Operand.ShortArray) {
            return ((Operand.ShortArray) a).array == ((Operand.ShortArray) b).array
                    && ((Operand.ShortArray) a).offset == ((Operand.ShortArray) b).offset;
        }
        return false;
    }

    /** Per-thread native scratch: three element slots and one for the gradients. */
    static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        private final com.sun.jna.Memory[] slots = new com.sun.jna.Memory[4];

        static Scratch get() {
            return LOCAL.get();
        }

        com.sun.jna.Memory memory(int i, long bytes) {
            com.sun.jna.Memory m = slots[i];
            if (m == null || m.size() < bytes) {
                m = new com.sun.jna.Memory(Math.max(bytes, 4096));
                slots[i] = m;
            }
            return m;
        }

        long slot(int i, long bytes) {
            return com.sun.jna.Pointer.nativeValue(memory(i, bytes));
        }

        com.sun.jna.Memory grads(int doubles) {
            return memory(3, 8L * Math.max(doubles, 1));
        }

        /** Copies elements [from, from + len) of a heap operand into slot i; returns its address. */
        long copyIn(int i, Operand h, long from, int len, int es) {
            com.sun.jna.Memory m = memory(i, (long) len * es);
            if (h instanceof Operand.FloatArray) {
                Operand.FloatArray a = (Operand.FloatArray) h;
                m.write(0, a.array, a.offset + (int) from, len);
            } else if (h instanceof Operand.DoubleArray) {
                Operand.DoubleArray a = (Operand.DoubleArray) h;
                m.write(0, a.array, a.offset + (int) from, len);
            } else {
                Operand.ShortArray a = (Operand.ShortArray) h;
                m.write(0, a.array, a.offset + (int) from, len);
            }
            return com.sun.jna.Pointer.nativeValue(m);
        }

        /** Copies slot i back into elements [from, from + len) of a heap operand. */
        void copyOut(int i, Operand h, long from, int len) {
            com.sun.jna.Memory m = slots[i];
            if (h instanceof Operand.FloatArray) {
                Operand.FloatArray a = (Operand.FloatArray) h;
                m.read(0, a.array, a.offset + (int) from, len);
            } else if (h instanceof Operand.DoubleArray) {
                Operand.DoubleArray a = (Operand.DoubleArray) h;
                m.read(0, a.array, a.offset + (int) from, len);
            } else {
                Operand.ShortArray a = (Operand.ShortArray) h;
                m.read(0, a.array, a.offset + (int) from, len);
            }
        }
    }

    // ------------------------------------------------------------------ coefficients

    /** Native copies of a plan's coefficients in f32 and f64, freed with the plan. */
    static final class Coefficients {
        final com.sun.jna.Memory memory;
        final long num32;
        final long den32;
        final long num64;
        final long den64;

        Coefficients(Plan plan) {
            int n = plan.numerator64.length;
            int d = plan.denominator64.length;
            memory = new com.sun.jna.Memory(8L * (n + d) + 4L * (n + d) + 8);
            long base = com.sun.jna.Pointer.nativeValue(memory);
            memory.write(0, plan.numerator64, 0, n);
            memory.write(8L * n, plan.denominator64, 0, d);
            memory.write(8L * (n + d), plan.numerator32, 0, n);
            memory.write(8L * (n + d) + 4L * n, plan.denominator32, 0, d);
            num64 = base;
            den64 = base + 8L * n;
            num32 = base + 8L * (n + d);
            den32 = num32 + 4L * n;
        }
    }

    private static Coefficients coefficients(Plan plan) {
        NativeCache cache = NativeCache.of(plan);
        Object c = cache.jna;
        if (c == null) {
            c = new Coefficients(plan);
            cache.jna = c;
        }
        return (Coefficients) c;
    }

    // ------------------------------------------------------------------ the mapping

    /** JNA references kept out of {@link JnaBackend}'s own linkage until JNA is known to be there. */
    static final class Jna {
        private Jna() {
        }

        static void register(String path) {
            com.sun.jna.NativeLibrary lib = com.sun.jna.NativeLibrary.getInstance(path);
            com.sun.jna.Native.register(Lib.class, lib);
        }
    }

    /** The C ABI (native/include/rational4j.h), pointers as 64-bit addresses. */
    static final class Lib {
        private Lib() {
        }

        static native int r4j_abi_version();

        static native int r4j_cpu_isa();

        static native int r4j_active_isa();

        static native int r4j_set_max_isa(int isa);

        static native String r4j_isa_name(int isa);

        static native int r4j_forward(int dtype, int version, int m, int n, int flags, long num, int numGroups,
                long den, int denGroups, long outer, long channels, long inner, long x, long y, long begin, long end);

        static native int r4j_backward(int dtype, int version, int m, int n, int flags, long num, int numGroups,
                long den, int denGroups, long outer, long channels, long inner, long x, long dy, long dx,
                long begin, long end, long gradNum, long gradDen);

        static native int r4j_yardstick_mul_f32(long x, long dy, long dx, long n);
    }
}
