package org.rational4j.internal;

/**
 * What one call into a backend costs before any element is computed, as a class: {@code auto}
 * ({@link AutoBackend}) reads from it where a native call starts to pay, so that it chooses by
 * this property and never by a backend's name. Measured with bench/ (docs/benchmarks.md, f32
 * (5,4) A, one thread, JDK 25, AVX-512): an FFM critical downcall with the API's checks costs about
 * 60 ns, the time the vector backend needs for some 64 elements of forward; a JNA call (direct
 * mapping) about 500 ns, some 1K elements. The pure-Java backward has a larger fixed cost per call
 * than either binding (its canonical summation), so backward goes native at every size. Internal.
 */
public enum CallOverhead {
    /** Pure Java: no call overhead to amortise. */
    NONE(0, 0),
    /** A downcall of tens of nanoseconds (FFM, critical). */
    LOW(64, 0),
    /** A downcall of hundreds of nanoseconds (JNA direct mapping). */
    HIGH(1024, 0);

    /** Forward calls of fewer elements run faster in pure Java. */
    public final long forwardNativeFrom;
    /** Backward calls of fewer elements run faster in pure Java. */
    public final long backwardNativeFrom;

    CallOverhead(long forwardNativeFrom, long backwardNativeFrom) {
        this.forwardNativeFrom = forwardNativeFrom;
        this.backwardNativeFrom = backwardNativeFrom;
    }

    /** Calls of at least this many elements pay for the native call. */
    public long nativeFrom(boolean backward) {
        return backward ? backwardNativeFrom : forwardNativeFrom;
    }
}
