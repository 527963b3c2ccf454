package org.rational4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One call split over 1 or 2 threads (the calling thread plus the common pool), default parallel
 * threshold (1M elements); f32 heap, (5, 4) A. Bit-identity of the results is checked by Report.
 */
@State(Scope.Thread)
public class Threads extends F32Heap {
    @Param({"ffm"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"16777216"})
    public int size;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(Data.activation(Data.defaults(), backend, threads), size);
        heap(size);
    }
}
