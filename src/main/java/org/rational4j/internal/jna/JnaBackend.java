package org.rational4j.internal.jna;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.rational4j.DType;
import org.rational4j.Shape;
import org.rational4j.internal.Backend;
import org.rational4j.BackendUnavailableException;
import org.rational4j.internal.CallOverhead;
import org.rational4j.internal.NativeBackend;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeAccess;
import org.rational4j.internal.NativeStaging;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;

/**
 * The C library through JNA direct mapping ({@code Native.register}), for JDK 17 and newer.
 * Pointers cross as {@code long} addresses (a pointer is a 64-bit integer argument on every
 * platform rational4j ships for), so a call allocates nothing in JNA:
 * <ul>
 * <li>direct buffers and native segments that no other thread can free during the call: their
 * address, no copy;</li>
 * <li>heap arrays and heap buffers: copied through a per-thread native scratch of one block
 * ({@code R4J_BLOCK} elements) at a time, which measured faster than JNA's own array arguments
 * (docs/loading.md);</li>
 * <li>heap segments of any kind, and memory of shared arenas (which another thread may close while
 * C runs, and JNA cannot hold an arena open): copied the same way by the checked segment copies
 * the operand supplies ({@link Operand#nativeStaging});</li>
 * <li>coefficients: native copies cached per plan by {@link NativeBackend}.</li>
 * </ul>
 * Every object whose memory C reads or writes stays reachable until the call returns
 * ({@code Reference.reachabilityFence}). Splitting a backward call into block-aligned sub-calls
 * that add into the same gradient arrays gives the bits of one call (docs/contract.md section 4).
 * Internal.
 */
public final class JnaBackend extends NativeBackend<Long> {
    static final String NAME = "jna";
    /** Elements per heap round trip: one block, so that backward sub-calls stay block-aligned. */
    static final int CHUNK = 65536;


    private JnaBackend(NativeLibrary.Location where, NativeLibrary.Binding calls, String accessFix) {
        super(NAME, where, calls, accessFix, CallOverhead.HIGH);
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
        // read before loading: once the JVM has warned, it counts the module as enabled
        Module caller = nativeClass.getModule();
        String accessFix = Runtime.version().feature() < 24 || NativeAccess.enabled(caller) ? null
                : NativeAccess.fix(caller); // JNI loading is restricted from JDK 24 on (JEP 472)
        try {
            Jna.register(where.path.toString());
        } catch (UnsatisfiedLinkError | RuntimeException | ExceptionInInitializerError e) {
            if (NativeAccess.isDenial(e)) {
                throw NativeAccess.denied(NAME, nativeClass.getModule(), e);
            }
            throw NativeLibrary.openFailed(NAME, where, e);
        }
        NativeLibrary.checkAbi(NAME, where, Lib.r4j_abi_version());
        NativeLibrary.Binding calls = new NativeLibrary.Binding() {
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
        };
        NativeLibrary.bound(where, calls);
        return new JnaBackend(where, calls, accessFix);
    }

    // ------------------------------------------------------------------ calls

    @Override
    protected void forwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        Coefficients<Long> c = coefficients(plan);
        int es = dtype.byteSize();
        long xa = address(x, begin, es);
        long ya = address(y, begin, es);
        if (xa != -1 && ya != -1) {
            forwardCall(plan, dtype, shape, c, xa, ya, begin, end);
            return;
        }
        Scratch scratch = Scratch.get();
        NativeStaging xs = xa == -1 ? stage(x, dtype, scratch) : null;
        NativeStaging ys = ya == -1 ? stage(y, dtype, scratch) : null;
        boolean inPlace = xs != null && ys != null && xs.sameElements(ys);
        for (long b = begin; b < end;) {
            int len = (int) Math.min(CHUNK, end - b);
            long e = b + len;
            long xp = xs == null ? xa + (b - begin) * es : xs.in(0, b, len);
            long yp = ys == null ? ya + (b - begin) * es : inPlace ? xp : ys.out(1, len);
            forwardCall(plan, dtype, shape, c, xp, yp, b, e);
            if (ys != null) {
                ys.back(inPlace ? 0 : 1, b, len);
            }
            b = e;
        }
        Reference.reachabilityFence(scratch);
    }

    @Override
    protected void backwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx,
            long begin, long end, double[] gradNumerator, double[] gradDenominator) {
        Coefficients<Long> c = coefficients(plan);
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
            backwardCall(plan, dtype, shape, c, xa, dya, dxa, begin, end, gnp, gdp);
        } else {
            NativeStaging xs = xa == -1 ? stage(x, dtype, scratch) : null;
            NativeStaging dys = dya == -1 ? stage(dy, dtype, scratch) : null;
            NativeStaging dxs = dxa == -1 ? stage(dx, dtype, scratch) : null;
            boolean inPlace = dys != null && dxs != null && dys.sameElements(dxs);
            for (long b = begin; b < end;) {
                int len = (int) Math.min(CHUNK, end - b);
                long e = b + len;
                long off = (b - begin) * es;
                long xp = xs == null ? xa + off : xs.in(0, b, len);
                long dyp = dys == null ? dya + off : dys.in(1, b, len);
                long dxp = dxs == null ? dxa + off : inPlace ? dyp : dxs.out(2, len);
                backwardCall(plan, dtype, shape, c, xp, dyp, dxp, b, e, gnp, gdp);
                if (dxs != null) {
                    dxs.back(inPlace ? 1 : 2, b, len);
                }
                b = e;
            }
        }
        grads.read(0, gradNumerator, 0, gn);
        grads.read(8L * gn, gradDenominator, 0, gd);
        Reference.reachabilityFence(scratch);
    }

    @Override
    protected int forwardNative(int dtype, int version, int m, int n, int flags, Long num, int numGroups, Long den,
            int denGroups, long outer, long channels, long inner, Long x, Long y, long begin, long end) {
        return Lib.r4j_forward(dtype, version, m, n, flags, num, numGroups, den, denGroups, outer, channels, inner,
                x, y, begin, end);
    }

    @Override
    protected int backwardNative(int dtype, int version, int m, int n, int flags, Long num, int numGroups,
            Long den, int denGroups, long outer, long channels, long inner, Long x, Long dy, Long dx, long begin,
            long end, Long gradNum, Long gradDen) {
        return Lib.r4j_backward(dtype, version, m, n, flags, num, numGroups, den, denGroups, outer, channels,
                inner, x, dy, dx, begin, end, gradNum, gradDen);
    }

    /** The benchmark yardstick {@code dx[i] = x[i] * dy[i]} on direct buffers (f32, no copy). */
    public static void yardstickMulF32(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int n) {
        Operand.Direct xo = Operand.Direct.of(x);
        Operand.Direct dyo = Operand.Direct.of(dy);
        Operand.Direct dxo = Operand.Direct.of(dx);
        if (n < 0 || xo.length < n || dyo.length < n || dxo.length < n) {
            throw new IndexOutOfBoundsException("yardstick: n " + n + " exceeds a buffer's remaining elements");
        }
        long xa = address(xo, 0, 4);
        long dya = address(dyo, 0, 4);
        long dxa = address(dxo, 0, 4);
        if (xa == -1 || dya == -1 || dxa == -1) {
            throw new IllegalArgumentException("the yardstick takes direct buffers outside any closeable arena");
        }
        check("r4j_yardstick_mul_f32", Lib.r4j_yardstick_mul_f32(xa, dya, dxa, n));
        Reference.reachabilityFence(xo);
        Reference.reachabilityFence(dyo);
        Reference.reachabilityFence(dxo);
    }

    // ------------------------------------------------------------------ operands

    /**
     * The address of element {@code begin} when native code may use the operand's memory in place
     * for the whole call, else -1 (the operand is then staged, {@link #stage}). In place: direct
     * buffers and native segments that no other thread can free during the call (the caller
     * fences the operand against the garbage collector).
     */
    static long address(Operand o, long begin, int es) {
        if (o instanceof Operand.Direct) {
            Operand.Direct d = (Operand.Direct) o;
            if (!d.pinned()) {
                return -1;
            }
            long base = com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(d.buffer));
            return base + (d.position + begin) * es;
        }
        long a = o.nativeAddress();
        return a == -1 ? -1 : a + begin * es;
    }

    /**
     * The staging of an operand whose address is -1, copied through native scratch one chunk (at
     * most {@link #CHUNK} elements) at a time.
     */
    private static NativeStaging stage(Operand o, DType dtype, Scratch scratch) {
        Operand h = heap(o, dtype);
        if (h != null) {
            return new HeapStaged(h, dtype.byteSize(), scratch);
        }
        NativeStaging st = o.nativeStaging(dtype);
        if (st == null) {
            throw new UnsupportedOperationException("jna: cannot pass a " + o.getClass().getSimpleName()
                    + " operand for " + dtype);
        }
        return st;
    }

    /**
     * A heap operand (array, or heap buffer) as a FloatArray, DoubleArray or ShortArray of the
     * dtype's element type; null for others.
     */
    static Operand heap(Operand o, DType dtype) {
        Operand h = o.heapView();
        if (h == null) {
            return null;
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

    /** A heap array staged through the thread's JNA scratch. */
    private static final class HeapStaged extends NativeStaging {
        private final Operand array;
        private final int es;
        private final Scratch scratch;

        HeapStaged(Operand array, int es, Scratch scratch) {
            this.array = array;
            this.es = es;
            this.scratch = scratch;
        }

        @Override
        public long in(int slot, long from, int len) {
            return scratch.copyIn(slot, array, from, len, es);
        }

        @Override
        public long out(int slot, int len) {
            return scratch.slot(slot, (long) len * es);
        }

        @Override
        public void back(int slot, long from, int len) {
            scratch.copyOut(slot, array, from, len);
        }

        @Override
        public boolean sameElements(NativeStaging other) {
            return other instanceof HeapStaged && sameArray(array, ((HeapStaged) other).array);
        }
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

    /** Native copies of a plan's coefficients in f64 and f32, freed with the plan (JNA's Memory). */
    @Override
    protected Coefficients<Long> copy(Plan plan) {
        int n = plan.numerator64.length;
        int d = plan.denominator64.length;
        com.sun.jna.Memory memory = new com.sun.jna.Memory(8L * (n + d) + 4L * (n + d) + 8);
        long base = com.sun.jna.Pointer.nativeValue(memory);
        memory.write(0, plan.numerator64, 0, n);
        memory.write(8L * n, plan.denominator64, 0, d);
        memory.write(8L * (n + d), plan.numerator32, 0, n);
        memory.write(8L * (n + d) + 4L * n, plan.denominator32, 0, d);
        long num32 = base + 8L * (n + d);
        return new Coefficients<>(base, base + 8L * n, num32, num32 + 4L * n, memory);
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
