package org.rational4j.bench;

import java.lang.foreign.Arena;
import java.nio.FloatBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;

/**
 * Where the data lives: heap float[], a native MemorySegment (Tensor.allocate, 64-byte aligned,
 * shared arena) or a direct FloatBuffer; f32 (5, 4) A, one thread.
 */
@State(Scope.Thread)
public class InputKinds extends F32Data {
    @Param({"ffm", "jna"})
    public String backend;

    @Param({"heap", "segment", "direct"})
    public String input;

    @Param({"1048576"})
    public int size;

    private Tensor tx, ty, tdy, tdx;
    private Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(Data.activation(Data.defaults(), backend, 1), size);
        switch (input) {
            case "heap" -> heap(size);
            case "segment" -> {
                arena = Arena.ofShared();
                tx = Data.tensor(arena, Data.xs(size));
                tdy = Data.tensor(arena, Data.dys(size));
                ty = Data.tensor(arena, new float[size]);
                tdx = Data.tensor(arena, new float[size]);
            }
            case "direct" -> direct(size);
            default -> throw new IllegalArgumentException(input);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
    }

    @Benchmark
    public void forward() {
        switch (input) {
            case "heap" -> act.forward(x, 0, y, 0, shape);
            case "segment" -> RationalTensors.forward(act, tx, ty);
            default -> act.forward(bx, by, shape);
        }
    }

    @Benchmark
    public void backward() {
        switch (input) {
            case "heap" -> act.backward(x, 0, dy, 0, dx, 0, shape, grads);
            case "segment" -> RationalTensors.backward(act, tx, tdy, tdx, grads);
            default -> act.backward(bx, bdy, bdx, shape, grads);
        }
    }
}
