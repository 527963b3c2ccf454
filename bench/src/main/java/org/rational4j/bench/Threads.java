package org.rational4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;

/**
 * One call split over 1 or 2 threads (the calling thread plus the common pool), default parallel
 * threshold (1M elements); f32 heap, (5, 4) A. Bit-identity of the results is checked by Report.
 */
@State(Scope.Thread)
public class Threads extends BenchSettings {
    @Param({"ffm"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"16777216"})
    public int size;

    private RationalActivation act;
    private Gradients grads;
    private Shape shape;
    private float[] x, y, dy, dx;

    @Setup(Level.Trial)
    public void setUp() {
        act = Data.activation(Data.defaults(), backend, threads);
        grads = new Gradients(act.spec());
        shape = Shape.flat(size);
        x = Data.xs(size);
        dy = Data.dys(size);
        y = new float[size];
        dx = new float[size];
    }

    @Benchmark
    public void forward() {
        act.forward(x, 0, y, 0, shape);
    }

    @Benchmark
    public void backward() {
        act.backward(x, 0, dy, 0, dx, 0, shape, grads);
    }
}
