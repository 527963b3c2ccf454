package org.rational4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rational4j.internal.Backends;
import org.rational4j.internal.ffm.FfmBackend;

/**
 * What the memory allows, on the same heap float[] data and sizes as {@link MainSweep}:
 * <ul>
 * <li>{@code memcpy}: the C library's memcpy through an FFM critical downcall (heap arrays passed
 * without a copy), n floats: the forward's traffic (read x, write y);</li>
 * <li>{@code segmentCopy}: {@code MemorySegment.copy} of the same bytes;</li>
 * <li>{@code mulXDy}: {@code r4j_yardstick_mul_f32} (dx = x * dy) through FFM: the backward's
 * dx traffic (read x and dy, write dx).</li>
 * </ul>
 */
@State(Scope.Thread)
public class Yardsticks extends BenchSettings {
    private static final MethodHandle MEMCPY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("memcpy").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.critical(true));

    @Param({"16", "256", "4096", "65536", "1048576", "16777216"})
    public int size;

    private float[] x, dy, out;
    private MemorySegment sx, sdy, sout;
    private long bytes;

    @Setup(Level.Trial)
    public void setUp() {
        Backends.get("ffm"); // loads the library (org.rational4j.internal.NativeLibrary) and binds the handles
        x = Data.xs(size);
        dy = Data.dys(size);
        out = new float[size];
        sx = MemorySegment.ofArray(x);
        sdy = MemorySegment.ofArray(dy);
        sout = MemorySegment.ofArray(out);
        bytes = (long) size * Float.BYTES;
    }

    @Benchmark
    public MemorySegment memcpy() throws Throwable {
        return (MemorySegment) MEMCPY.invokeExact(sout, sx, bytes);
    }

    @Benchmark
    public void segmentCopy() {
        MemorySegment.copy(sx, 0, sout, 0, bytes);
    }

    @Benchmark
    public void mulXDy() {
        FfmBackend.yardstickMulF32(sx, sdy, sout, size);
    }
}
