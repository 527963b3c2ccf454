package org.rational4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Degrees (3, 2), (5, 4), (7, 6) and versions A and B (rational_activations' leaky_relu); f32 heap, one thread. */
@State(Scope.Thread)
public class Specs extends F32Heap {
    @Param({"ffm"})
    public String backend;

    @Param({"A", "B"})
    public String version;

    @Param({"3_2", "5_4", "7_6"})
    public String degrees;

    @Param({"65536"})
    public int size;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(Data.activation(Data.coefficients(version, degrees), backend, 1), size);
        heap(size);
    }
}
