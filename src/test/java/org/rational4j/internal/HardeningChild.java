package org.rational4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.rational4j.Coefficients;
import org.rational4j.RationalActivation;
import org.rational4j.RationalSpec;
import org.rational4j.Shape;
import org.rational4j.Version;

/**
 * Abuses that used to crash the JVM, run in a child JVM by {@code HardeningTest} and
 * {@code HardeningJdk22Test} so that a crash fails the test instead of killing the test run.
 * Prints {@code OK ...} and exits 0 when the JVM survived without corrupting memory, else prints
 * what went wrong and exits 1 (a crash exits with the JVM's own status).
 *
 * <pre>
 * position-race BACKEND MILLIS   another thread moves y's position while forward runs
 * gc-race BACKEND                the input buffer is collectable during the call, System.gc() every ms
 * </pre>
 */
public final class HardeningChild {
    static volatile boolean stop;
    static volatile int sink;

    private HardeningChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "position-race":
                positionRace(args[1], Long.parseLong(args[2]));
                break;
            case "gc-race":
                gcRace(args[1]);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    static RationalActivation activation(String backend) {
        Coefficients c = Coefficients.of(RationalSpec.of(Version.A, 5, 4),
                new double[] {0.02, 0.5, 1.6, 1.2, 0.3, 0.03}, new double[] {1.2, 4.4, 0.8, 0.1});
        return RationalActivation.builder(c).backend(backend).parallelThreshold(Long.MAX_VALUE).build();
    }

    static FloatBuffer floats(ByteBuffer b) {
        return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * y has exactly n elements and is followed in memory by a guard of n elements. With y's
     * position at 0 a call is valid; at n it must be refused. Another thread flips the position
     * between the two while this one calls forward: a call that checked one position and wrote
     * at the other writes into the guard.
     */
    static void positionRace(String backend, long millis) throws Exception {
        RationalActivation act = activation(backend);
        int n = 1024;
        ByteBuffer whole = ByteBuffer.allocateDirect(8 * n);
        FloatBuffer y = floats(whole.slice(0, 4 * n));
        FloatBuffer guard = floats(whole.slice(4 * n, 4 * n));
        FloatBuffer x = floats(ByteBuffer.allocateDirect(4 * n));
        for (int i = 0; i < n; i++) {
            x.put(i, 0.5f + i / (float) n);
            guard.put(i, 12345f);
        }
        Thread mover = new Thread(() -> {
            while (!stop) {
                y.position(n);
                sink++; // volatile: neither store can be dropped or reordered away
                y.position(0);
                sink++;
            }
        });
        mover.setDaemon(true);
        mover.start();
        long calls = 0;
        long refused = 0;
        long until = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < until) {
            for (int k = 0; k < 100; k++) {
                try {
                    act.forward(x, y, Shape.flat(n));
                } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                    refused++; // y was at position n: the documented answer
                }
                calls++;
                for (int i = 0; i < n; i++) {
                    if (guard.get(i) != 12345f) {
                        System.out.println("OVERFLOW: a call wrote past y into the guard (element " + i + ") after "
                                + calls + " calls");
                        System.exit(1);
                    }
                }
            }
        }
        stop = true;
        mover.join();
        System.out.println("OK calls " + calls + ", refused " + refused);
    }

    /**
     * forward on a large input buffer that nothing references after the call starts, while
     * another thread runs System.gc() every millisecond: a binding that lets the buffer be
     * collected during the native call reads unmapped memory.
     */
    static void gcRace(String backend) throws Exception {
        RationalActivation act = activation(backend);
        int small = 256;
        FloatBuffer smallOut = floats(ByteBuffer.allocateDirect(4 * small));
        for (int i = 0; i < Integer.getInteger("warm", 3_000); i++) { // let the JIT compile the call path
            act.forward(floats(ByteBuffer.allocateDirect(4 * small)), smallOut, Shape.flat(small));
        }
        int n = Integer.getInteger("n", 16 << 20);
        FloatBuffer out = floats(ByteBuffer.allocateDirect(4 * n));
        Thread gc = new Thread(() -> {
            while (!stop) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        gc.setDaemon(true);
        gc.start();
        for (int i = 0; i < Integer.getInteger("calls", 3); i++) {
            act.forward(floats(ByteBuffer.allocateDirect(4 * n)), out, Shape.flat(n));
        }
        stop = true;
        gc.join();
        System.out.println("OK");
    }
}
