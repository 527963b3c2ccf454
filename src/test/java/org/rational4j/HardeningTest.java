package org.rational4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rational4j.internal.ChildJvm;
import org.rational4j.internal.HardeningChild;
import org.rational4j.internal.NativeCases;
import org.rational4j.internal.NativeExtractor;

/**
 * Abuses from issue 10 that used to crash the JVM or corrupt results; the crashing ones run in a
 * child JVM ({@link HardeningChild}). Runs on JDK 17 and 22+; the segment cases are in
 * {@code HardeningJdk22Test}.
 */
class HardeningTest {
    static final int JDK = Runtime.version().feature();

    @TempDir
    Path cache;

    /** Runs {@link HardeningChild} and checks that it survived and found nothing wrong. */
    static void child(Path cache, String... args) throws Exception {
        NativeCases.bundledLibrary();
        List<String> jvm = new ArrayList<>();
        if (JDK >= 22) {
            jvm.add("--enable-native-access=ALL-UNNAMED");
        }
        jvm.add("-XX:+UseSerialGC");
        jvm.add("-Xmx128m");
        jvm.add("-XX:MaxDirectMemorySize=512m");
        jvm.add("-D" + NativeExtractor.CACHE_PROPERTY + "=" + cache);
        ChildJvm.Result r = ChildJvm.run(jvm, HardeningChild.class, args);
        assertEquals(0, r.status, r.toString());
        assertTrue(r.output.contains("OK"), r.toString());
    }

    /** Issue 10, point 3: a position moved by another thread never sends jna past the buffer. */
    @Test
    void jnaBufferPositionMovedDuringCalls() throws Exception {
        child(cache, "position-race", "jna", "1500");
    }

    /** Issue 10, point 2: the input buffer is not freed while native code reads it. */
    @Test
    void jnaInputBufferCollectableDuringCall() throws Exception {
        child(cache, "gc-race", "jna");
    }

    static List<String> backends() {
        return TestBackends.available();
    }

    private static RationalActivation parallel(String backend, RationalSpec spec, Executor executor) {
        return RationalActivation.builder(TestData.randomCoefficients(new Random(5), spec)).backend(backend)
                .executor(executor).threads(2).parallelThreshold(0).build();
    }

    /**
     * Issue 10, point 8: an executor whose execute() throws after it started the task. The call
     * throws that exception, and nothing writes the caller's arrays afterwards.
     */
    @Test
    void executorThatThrowsLeavesNoWorkRunning() throws Exception {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch go = new CountDownLatch(1);
        IllegalStateException broken = new IllegalStateException("broken executor");
        Executor throwing = task -> {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                task.run();
            });
            throw broken;
        };
        try {
            RationalActivation act = parallel("scalar", spec, throwing);
            int n = 1 << 18;
            float[] x = TestData.floats(new Random(1), n);
            float[] y = new float[n];
            assertSame(broken, assertThrows(IllegalStateException.class, () -> act.forward(x, y)));
            float[] atThrow = y.clone();
            float[] dy = TestData.floats(new Random(2), n);
            float[] dx = new float[n];
            Gradients g = new Gradients(spec);
            assertSame(broken, assertThrows(IllegalStateException.class, () -> act.backward(x, dy, dx, g)));
            float[] dxAtThrow = dx.clone();
            go.countDown(); // the helpers the executor did start may run now
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertNull(TestData.firstDifference(atThrow, y), "forward's y written after the call threw");
            assertNull(TestData.firstDifference(dxAtThrow, dx), "backward's dx written after the call threw");
            g.zero(); // released by the failed call
        } finally {
            go.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * Issue 10, point 9: a backward call on Gradients that another backward call is adding into
     * throws ConcurrentModificationException (jna used to lose most of the sums silently), and the
     * first call's sums are complete.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void gradientsInUseByAnotherCallAreRefused(String backend) throws Exception {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4);
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean firstCall = new java.util.concurrent.atomic.AtomicBoolean(true);
        Executor blocking = task -> { // holds the first call inside backward until released
            if (!firstCall.getAndSet(false)) {
                throw new java.util.concurrent.RejectedExecutionException("busy");
            }
            inCall.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.util.concurrent.RejectedExecutionException("busy");
        };
        RationalActivation act = parallel(backend, spec, blocking);
        int n = 1 << 17;
        float[] x = TestData.floats(new Random(3), n);
        float[] dy = TestData.floats(new Random(4), n);
        float[] dx = new float[n];
        Gradients shared = new Gradients(spec);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = other.submit(() -> act.backward(x, dy, dx, shared));
            assertTrue(inCall.await(30, TimeUnit.SECONDS));
            float[] dx2 = new float[n];
            ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class,
                    () -> act.backward(x, dy, dx2, shared));
            assertTrue(e.getMessage().contains("not thread-safe"), e.getMessage());
            assertThrows(ConcurrentModificationException.class, shared::zero);
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
        Gradients want = new Gradients(spec);
        RationalActivation.builder(act.coefficients()).backend("scalar").build().backward(x, dy, new float[n], want);
        assertNull(TestData.firstDifference(want.numerator(), shared.numerator()), backend);
        assertNull(TestData.firstDifference(want.denominator(), shared.denominator()), backend);
        act.backward(x, dy, dx, shared); // free again once the call returned
    }

    /** Issue 10, point 11: groups x (m + 1) past an int used to wrap into small arrays. */
    @Test
    void gradientsLargerThanAnArrayAreRefused() {
        RationalSpec spec = RationalSpec.of(Version.A, 5, 4).withGroups(715_827_883, 1); // 6 x that = 2^32 + 2
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Gradients(spec));
        assertTrue(e.getMessage().contains("715827883"), e.getMessage());
        RationalSpec dens = RationalSpec.of(Version.A, 5, 4).withGroups(1, Integer.MAX_VALUE);
        assertThrows(IllegalArgumentException.class, () -> new Gradients(dens));
    }
}
