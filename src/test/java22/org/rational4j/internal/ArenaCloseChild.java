package org.rational4j.internal;

import java.lang.foreign.Arena;

import org.rational4j.Coefficients;
import org.rational4j.DType;
import org.rational4j.Gradients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;
import org.rational4j.foreign.RationalTensors;
import org.rational4j.foreign.Tensor;

/**
 * Run in a child JVM by {@code HardeningJdk22Test}: another thread closes a shared arena while
 * forward or backward runs on tensors in it. The JVM must survive: the close or the call throws
 * {@code IllegalStateException}. Prints {@code OK ...} and exits 0; a crash exits with the JVM's
 * own status. Arguments: the backend, the number of rounds.
 */
public final class ArenaCloseChild {
    private ArenaCloseChild() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        int rounds = Integer.parseInt(args[1]);
        Coefficients c = Coefficients.of(RationalSpec.of(Version.A, 5, 4),
                new double[] {0.02, 0.5, 1.6, 1.2, 0.3, 0.03}, new double[] {1.2, 4.4, 0.8, 0.1});
        RationalActivation act = RationalActivation.builder(c).backend(backend).parallelThreshold(Long.MAX_VALUE)
                .build();
        Shape shape = Shape.flat(8 << 20);
        int callsThrew = 0;
        int closesRefused = 0;
        for (int r = 0; r < rounds; r++) {
            Arena arena = Arena.ofShared();
            Tensor x = Tensor.allocate(arena, DType.F32, shape);
            Tensor y = Tensor.allocate(arena, DType.F32, shape);
            Gradients g = new Gradients(act.spec());
            long delayNanos = 1_000_000L * (1 + r % 4);
            int[] refused = new int[1];
            Thread closer = new Thread(() -> {
                long until = System.nanoTime() + delayNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                while (true) {
                    try {
                        arena.close();
                        return;
                    } catch (IllegalStateException e) {
                        refused[0]++; // the call holds the arena (ffm): try again once it returned
                        Thread.onSpinWait();
                    }
                }
            });
            closer.start();
            try {
                while (true) { // until the closed arena fails a call
                    if (r % 2 == 0) {
                        RationalTensors.forward(act, x, y);
                    } else {
                        RationalTensors.backward(act, x, x, y, g);
                    }
                }
            } catch (IllegalStateException e) {
                callsThrew++;
            }
            // A close that catches this thread inside a segment access makes HotSpot interrupt it
            // (to deliver the close's asynchronous exception); that stray interrupt is the JDK's.
            while (closer.isAlive()) {
                try {
                    closer.join();
                } catch (InterruptedException stray) {
                    // try again
                }
            }
            Thread.interrupted();
            closesRefused += refused[0];
        }
        System.out.println("OK rounds " + rounds + ", calls that threw " + callsThrew + ", closes refused "
                + closesRefused);
    }
}
