package org.rational4j.bench;

import org.openjdk.jmh.annotations.Benchmark;

/** Forward and backward on the heap arrays of {@link F32Data}: JMH runs them for each subclass. */
public abstract class F32Heap extends F32Data {
    @Benchmark
    public void forward() {
        act.forward(x, 0, y, 0, shape);
    }

    @Benchmark
    public void backward() {
        act.backward(x, 0, dy, 0, dx, 0, shape, grads);
    }
}
