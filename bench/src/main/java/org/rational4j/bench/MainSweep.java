package org.rational4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The main sweep: every backend, forward and backward, 16 to 16M elements; f32, degrees (5, 4),
 * version A, one thread. Data in the memory each backend takes without a copy: heap float[] for
 * ffm (critical downcalls pass heap arrays), vector, scalar and auto; direct buffers for jna
 * (which copies heap arrays through a scratch; InputKind measures that too).
 */
@State(Scope.Thread)
public class MainSweep extends F32Data {
    @Param({"ffm", "jna", "vector", "scalar", "auto"})
    public String backend;

    @Param({"16", "256", "4096", "65536", "1048576", "16777216"})
    public int size;

    private boolean direct;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(Data.activation(Data.defaults(), backend, 1), size);
        direct = backend.equals("jna");
        if (direct) {
            direct(size);
        } else {
            heap(size);
        }
    }

    @Benchmark
    public void forward() {
        if (direct) {
            act.forward(bx, by, shape);
        } else {
            act.forward(x, 0, y, 0, shape);
        }
    }

    @Benchmark
    public void backward() {
        if (direct) {
            act.backward(bx, bdy, bdx, shape, grads);
        } else {
            act.backward(x, 0, dy, 0, dx, 0, shape, grads);
        }
    }
}
