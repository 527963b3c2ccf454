package org.rational4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;

/** Data types: f32, f64 and bf16 (storage, computed in f32) on heap arrays; (5, 4) A, one thread. */
@State(Scope.Thread)
public class DTypes extends BenchSettings {
    @Param({"ffm", "vector"})
    public String backend;

    @Param({"f32", "f64", "bf16"})
    public String dtype;

    @Param({"16777216"})
    public int size;

    private RationalActivation act;
    private Gradients grads;
    private Shape shape;
    private float[] fx, fy, fdy, fdx;
    private double[] dx64, dy64, ddy64, ddx64;
    private short[] hx, hy, hdy, hdx;

    @Setup(Level.Trial)
    public void setUp() {
        act = Data.activation(Data.defaults(), backend, 1);
        grads = new Gradients(act.spec());
        shape = Shape.flat(size);
        float[] x = Data.xs(size);
        float[] dy = Data.dys(size);
        switch (dtype) {
            case "f32" -> {
                fx = x;
                fdy = dy;
                fy = new float[size];
                fdx = new float[size];
            }
            case "f64" -> {
                dx64 = Data.toDouble(x);
                ddy64 = Data.toDouble(dy);
                dy64 = new double[size];
                ddx64 = new double[size];
            }
            case "bf16" -> {
                hx = Data.toBf16(x);
                hdy = Data.toBf16(dy);
                hy = new short[size];
                hdx = new short[size];
            }
            default -> throw new IllegalArgumentException(dtype);
        }
    }

    @Benchmark
    public void forward() {
        switch (dtype) {
            case "f32" -> act.forward(fx, 0, fy, 0, shape);
            case "f64" -> act.forward(dx64, 0, dy64, 0, shape);
            default -> act.forward(hx, 0, hy, 0, shape, DType.BF16);
        }
    }

    @Benchmark
    public void backward() {
        switch (dtype) {
            case "f32" -> act.backward(fx, 0, fdy, 0, fdx, 0, shape, grads);
            case "f64" -> act.backward(dx64, 0, ddy64, 0, ddx64, 0, shape, grads);
            default -> act.backward(hx, 0, hdy, 0, hdx, 0, shape, DType.BF16, grads);
        }
    }
}
