package org.rational4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} independent work items on up to {@code tasks} threads: the calling thread
 * and {@code tasks - 1} helpers submitted to an executor. Items are claimed from a shared counter,
 * so the caller never waits for a helper that has not started (no deadlock on a saturated or
 * single-threaded executor: the caller then does all the work itself). It returns or throws only
 * once no helper works on an item any more, even when the executor's {@code execute} throws, so no
 * work outlives the call on the caller's arrays. Internal.
 */
public final class Parallel {
    private Parallel() {
    }

    public static void run(Executor executor, int tasks, int count, IntConsumer work) {
        if (count <= 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                if (failure.get() == null) {
                    try {
                        work.accept(i);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
                if (remaining.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        };
        int helpers = Math.min(tasks - 1, count - 1);
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // saturated: the caller does the rest
            } catch (Throwable t) {
                // A broken executor. Helpers it did start may be writing the caller's arrays, so
                // this call must not return before they stop: mark the call failed (workers then
                // skip the items still unclaimed) and wait below, then throw.
                failure.compareAndSet(null, t);
                break;
            }
        }
        worker.run();
        done.join();
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
