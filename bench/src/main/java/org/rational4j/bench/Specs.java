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

/** Degrees (3, 2), (5, 4), (7, 6) and versions A and B (rational_activations' leaky_relu); f32 heap, one thread. */
@State(Scope.Thread)
public class Specs extends BenchSettings {
    @Param({"ffm"})
    public String backend;

    @Param({"A", "B"})
    public String version;

    @Param({"3_2", "5_4", "7_6"})
    public String degrees;

    @Param({"65536"})
    public int size;

    private RationalActivation act;
    private Gradients grads;
    private Shape shape;
    private float[] x, y, dy, dx;

    @Setup(Level.Trial)
    public void setUp() {
        act = Data.activation(Data.coefficients(version, degrees), backend, 1);
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
