package org.rational4j.bench;

import java.nio.FloatBuffer;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.Shape;

/**
 * One activation and its f32 operands, on the heap or in direct buffers: the state the suite's
 * f32 benchmarks share. Fields of this object, so the calls read them as they would in the
 * benchmark class itself.
 */
public abstract class F32Data extends BenchSettings {
    protected RationalActivation act;
    protected Gradients grads;
    protected Shape shape;
    protected float[] x, y, dy, dx;
    protected FloatBuffer bx, by, bdy, bdx;

    /** The activation, its gradients and the flat shape of {@code size} elements. */
    protected void prepare(RationalActivation activation, int size) {
        act = activation;
        grads = new Gradients(activation.spec());
        shape = Shape.flat(size);
    }

    /** x and dy from {@link Data}, y and dx zero, in heap arrays. */
    protected void heap(int size) {
        x = Data.xs(size);
        dy = Data.dys(size);
        y = new float[size];
        dx = new float[size];
    }

    /** The same values in direct buffers. */
    protected void direct(int size) {
        bx = Data.direct(Data.xs(size));
        bdy = Data.direct(Data.dys(size));
        by = Data.direct(new float[size]);
        bdx = Data.direct(new float[size]);
    }
}
