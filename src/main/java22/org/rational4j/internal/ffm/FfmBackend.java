package org.rational4j.internal.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import org.rational4j.DType;
import org.rational4j.Shape;
import org.rational4j.internal.Backend;
import org.rational4j.internal.CallOverhead;
import org.rational4j.internal.NativeBackend;
import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeAccess;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;
import org.rational4j.internal.SegmentOperand;

/**
 * The C library through the Foreign Function & Memory API (JDK 22+). The kernels are bound once
 * to {@code static final} method handles with {@code Linker.Option.critical(true)}, so heap arrays
 * ({@code MemorySegment.ofArray}) reach the C code without a copy, as do direct buffers
 * ({@code MemorySegment.ofBuffer}) and {@link SegmentOperand}s (native or heap); the coefficients
 * live in a native segment cached per plan by {@link NativeBackend}. A call looks nothing up and
 * allocates no native memory. Without {@code --enable-native-access} it runs after the JVM's own
 * warning; unavailable only when the JVM denies native access. Internal.
 */
@SuppressWarnings("restricted") // downcalls are the point; load() turns a denial into "unavailable"
public final class FfmBackend extends NativeBackend<MemorySegment> {
    static final String NAME = "ffm";
    private static final String[] SYMBOLS = {"r4j_abi_version", "r4j_cpu_isa", "r4j_active_isa", "r4j_set_max_isa",
        "r4j_isa_name", "r4j_forward", "r4j_backward", "r4j_yardstick_mul_f32"};

    /** Set once before {@link H} is initialised. */
    private static SymbolLookup lookup;

    private FfmBackend(NativeLibrary.Location where, NativeLibrary.Binding calls, String accessFix) {
        super(NAME, where, calls, accessFix, CallOverhead.LOW);
    }

    /** Loads the library and binds it; called once by {@link org.rational4j.internal.Backends}, which keeps it. */
    public static Backend create() {
        return load();
    }

    private static FfmBackend load() {
        NativeLibrary.Location where = NativeLibrary.locate(NAME);
        // read before the first restricted call: once the JVM has warned, it counts the module as enabled
        Module module = FfmBackend.class.getModule();
        String accessFix = NativeAccess.enabled(module) ? null : NativeAccess.fix(module);
        SymbolLookup l;
        int abi;
        try {
            l = SymbolLookup.libraryLookup(where.path, Arena.global());
            MemorySegment abiFn = l.find("r4j_abi_version").orElseThrow(
                    () -> new IllegalArgumentException("no symbol r4j_abi_version"));
            abi = (int) Linker.nativeLinker().downcallHandle(abiFn, FunctionDescriptor.of(JAVA_INT)).invokeExact();
        } catch (Throwable e) {
            // without --enable-native-access the JVM allows this with a warning, unless it denies
            if (NativeAccess.isDenial(e)) {
                throw NativeAccess.denied(NAME, module, e);
            }
            throw NativeLibrary.openFailed(NAME, where, e);
        }
        NativeLibrary.checkAbi(NAME, where, abi);
        for (String s : SYMBOLS) {
            if (l.find(s).isEmpty()) {
                throw NativeLibrary.openFailed(NAME, where, new IllegalArgumentException("no symbol " + s));
            }
        }
        lookup = l;
        H.ABI.type(); // initialises the handles
        NativeLibrary.Binding calls = new NativeLibrary.Binding() {
            @Override
            public int abiVersion() {
                return call0(H.ABI);
            }

            @Override
            public int cpuIsa() {
                return call0(H.CPU);
            }

            @Override
            public int activeIsa() {
                return call0(H.ACTIVE);
            }

            @Override
            public int setMaxIsa(int isa) {
                try {
                    return (int) H.SET_MAX.invokeExact(isa);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
            }

            @Override
            public String isaName(int isa) {
                return FfmBackend.isaName(isa);
            }
        };
        NativeLibrary.bound(where, calls);
        return new FfmBackend(where, calls, accessFix);
    }

    /** {@code r4j_isa_name}: a static NUL-terminated string of the library, or null. */
    private static String isaName(int isa) {
        MemorySegment p;
        try {
            p = (MemorySegment) H.ISA_NAME.invokeExact(isa);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return p.address() == 0 ? null : p.reinterpret(64).getString(0);
    }

    /** The method handles, bound once. */
    private static final class H {
        static final MethodHandle ABI;
        static final MethodHandle CPU;
        static final MethodHandle ACTIVE;
        static final MethodHandle SET_MAX;
        static final MethodHandle ISA_NAME;
        static final MethodHandle FORWARD;
        static final MethodHandle BACKWARD;
        static final MethodHandle YARDSTICK;

        static {
            Linker linker = Linker.nativeLinker();
            Linker.Option critical = Linker.Option.critical(true);
            ABI = linker.downcallHandle(find("r4j_abi_version"), FunctionDescriptor.of(JAVA_INT));
            CPU = linker.downcallHandle(find("r4j_cpu_isa"), FunctionDescriptor.of(JAVA_INT));
            ACTIVE = linker.downcallHandle(find("r4j_active_isa"), FunctionDescriptor.of(JAVA_INT));
            SET_MAX = linker.downcallHandle(find("r4j_set_max_isa"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            ISA_NAME = linker.downcallHandle(find("r4j_isa_name"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
            FORWARD = linker.downcallHandle(find("r4j_forward"), FunctionDescriptor.of(JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                    JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG), critical);
            BACKWARD = linker.downcallHandle(find("r4j_backward"), FunctionDescriptor.of(JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                    JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG,
                    ADDRESS, ADDRESS), critical);
            YARDSTICK = linker.downcallHandle(find("r4j_yardstick_mul_f32"), FunctionDescriptor.of(JAVA_INT,
                    ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), critical);
        }

        private static MemorySegment find(String name) {
            return lookup.find(name).orElseThrow();
        }
    }

    private static int call0(MethodHandle h) {
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ calls

    @Override
    protected void forwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        int es = dtype.byteSize();
        forwardCall(plan, dtype, shape, coefficients(plan), segment(x, dtype, begin, end, es),
                segment(y, dtype, begin, end, es), begin, end);
    }

    @Override
    protected void backwardRange(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx,
            long begin, long end, double[] gradNumerator, double[] gradDenominator) {
        int es = dtype.byteSize();
        backwardCall(plan, dtype, shape, coefficients(plan), segment(x, dtype, begin, end, es),
                segment(dy, dtype, begin, end, es), segment(dx, dtype, begin, end, es), begin, end,
                MemorySegment.ofArray(gradNumerator), MemorySegment.ofArray(gradDenominator));
    }

    @Override
    protected int forwardNative(int dtype, int version, int m, int n, int flags, MemorySegment num, int numGroups,
            MemorySegment den, int denGroups, long outer, long channels, long inner, MemorySegment x,
            MemorySegment y, long begin, long end) throws Throwable {
        return (int) H.FORWARD.invokeExact(dtype, version, m, n, flags, num, numGroups, den, denGroups, outer,
                channels, inner, x, y, begin, end);
    }

    @Override
    protected int backwardNative(int dtype, int version, int m, int n, int flags, MemorySegment num,
            int numGroups, MemorySegment den, int denGroups, long outer, long channels, long inner,
            MemorySegment x, MemorySegment dy, MemorySegment dx, long begin, long end, MemorySegment gradNum,
            MemorySegment gradDen) throws Throwable {
        return (int) H.BACKWARD.invokeExact(dtype, version, m, n, flags, num, numGroups, den, denGroups, outer,
                channels, inner, x, dy, dx, begin, end, gradNum, gradDen);
    }

    /**
     * The benchmark yardstick {@code dx[i] = x[i] * dy[i]} over n floats of any segments (heap
     * segments pass without a copy).
     */
    public static void yardstickMulF32(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        int status;
        try {
            status = (int) H.YARDSTICK.invokeExact(x.asSlice(0, n * Float.BYTES), dy.asSlice(0, n * Float.BYTES),
                    dx.asSlice(0, n * Float.BYTES), n);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            Reference.reachabilityFence(x);
            Reference.reachabilityFence(dy);
            Reference.reachabilityFence(dx);
        }
        check("r4j_yardstick_mul_f32", status);
    }

    // ------------------------------------------------------------------ operands

    /**
     * Elements {@code [begin, end)} of the operand as a segment of exactly that length, so that a
     * range outside the operand throws here instead of reaching native code. A direct buffer's
     * range comes from its operand's snapshot of position and length, never from the buffer's
     * current position (another thread may move it).
     */
    static MemorySegment segment(Operand o, DType dtype, long begin, long end, int es) {
        long from = begin * es;
        long bytes = (end - begin) * es;
        if (o instanceof Operand.FloatArray a && dtype == DType.F32) {
            return MemorySegment.ofArray(a.array).asSlice(a.offset * (long) Float.BYTES + from, bytes);
        }
        if (o instanceof Operand.DoubleArray a && dtype == DType.F64) {
            return MemorySegment.ofArray(a.array).asSlice(a.offset * (long) Double.BYTES + from, bytes);
        }
        if (o instanceof Operand.ShortArray a && es == Short.BYTES) {
            return MemorySegment.ofArray(a.array).asSlice(a.offset * (long) Short.BYTES + from, bytes);
        }
        if (o instanceof Operand.Direct d) {
            // a private duplicate over the whole capacity: nothing another thread does to the
            // caller's buffer changes where this segment starts or ends
            return MemorySegment.ofBuffer(d.buffer.duplicate().clear())
                    .asSlice(d.position * (long) es, d.length * (long) es).asSlice(from, bytes);
        }
        if (o instanceof SegmentOperand s) {
            return s.segment.asSlice(from, bytes);
        }
        throw new UnsupportedOperationException("ffm: cannot pass a " + o.getClass().getSimpleName()
                + " operand for " + dtype);
    }

    // ------------------------------------------------------------------ coefficients

    /** Native copies of a plan's coefficients in f64 and f32, freed with the plan (auto arena). */
    @Override
    protected Coefficients<MemorySegment> copy(Plan plan) {
        Arena arena = Arena.ofAuto();
        // the segments keep their automatic arena alive: they are their own owner
        MemorySegment num64 = copy(arena, plan.numerator64);
        return new Coefficients<>(num64, copy(arena, plan.denominator64), copy(arena, plan.numerator32),
                copy(arena, plan.denominator32), num64);
    }

    private static MemorySegment copy(Arena arena, double[] v) {
        MemorySegment s = arena.allocate(JAVA_DOUBLE, Math.max(v.length, 1));
        MemorySegment.copy(v, 0, s, JAVA_DOUBLE, 0, v.length);
        return s;
    }

    private static MemorySegment copy(Arena arena, float[] v) {
        MemorySegment s = arena.allocate(JAVA_FLOAT, Math.max(v.length, 1));
        MemorySegment.copy(v, 0, s, JAVA_FLOAT, 0, v.length);
        return s;
    }
}
