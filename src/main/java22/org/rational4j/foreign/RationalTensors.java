package org.rational4j.foreign;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.internal.ApiBridge;
import org.rational4j.internal.SegmentOperand;

/**
 * {@link RationalActivation} on {@link Tensor}s (JDK 22+). Same rules as the array API: shapes and
 * dtypes must match, {@code y} may be {@code x} (in place) and {@code dx} may be {@code dy} or
 * {@code x}, other overlaps are rejected; segments must be alive, writable where written, and
 * accessible by the calling thread. A call on a thread-confined segment stays on that thread.
 */
public final class RationalTensors {
    /** Never started: a thread that owns no confined arena, to ask whether helpers could touch a segment. */
    private static final Thread OTHER = new Thread(() -> { });

    private RationalTensors() {
    }

    /** y = R(x). */
    public static void forward(RationalActivation activation, Tensor x, Tensor y) {
        TensorChecks.forwardArgs(activation, x, y);
        checkUsable("x", x, false);
        checkUsable("y", y, true);
        checkOverlap("x", x, "y", y);
        ApiBridge.get().forward(activation, x.dtype(), x.shape(), new SegmentOperand(x.segment(), x.dtype()),
                new SegmentOperand(y.segment(), y.dtype()), shareable(x, y));
    }

    /** Writes dx and adds the coefficient gradients into {@code grads}. */
    public static void backward(RationalActivation activation, Tensor x, Tensor dy, Tensor dx, Gradients grads) {
        TensorChecks.backwardArgs(activation, x, dy, dx, grads);
        checkUsable("x", x, false);
        checkUsable("dy", dy, false);
        checkUsable("dx", dx, true);
        checkOverlap("x", x, "dx", dx);
        checkOverlap("dy", dy, "dx", dx);
        ApiBridge.get().backward(activation, x.dtype(), x.shape(), new SegmentOperand(x.segment(), x.dtype()),
                new SegmentOperand(dy.segment(), dy.dtype()), new SegmentOperand(dx.segment(), dx.dtype()), grads,
                shareable(x, dy, dx));
    }


    private static void checkUsable(String name, Tensor t, boolean written) {
        MemorySegment s = t.segment();
        if (!s.scope().isAlive()) {
            throw new IllegalStateException(name + ": the arena of its segment is closed; allocate the tensor in an"
                    + " arena that is still open");
        }
        if (!s.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalStateException(name + ": its segment is confined to another thread; call from the"
                    + " owner thread or use Arena.ofShared()");
        }
        if (written && s.isReadOnly()) {
            throw new IllegalArgumentException(name + " is a read-only segment; pass a writable one");
        }
    }

    private static void checkOverlap(String inName, Tensor in, String outName, Tensor out) {
        Optional<MemorySegment> overlap = in.segment().asOverlappingSlice(out.segment());
        if (overlap.isPresent() && in.segment().address() != out.segment().address()) {
            throw new IllegalArgumentException(outName + " partially overlaps " + inName
                    + "; use the same tensor (in place) or disjoint memory");
        }
    }

    private static boolean shareable(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (!t.segment().isAccessibleBy(OTHER)) {
                return false;
            }
        }
        return true;
    }
}
