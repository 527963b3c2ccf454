package org.rational4j;

import java.util.concurrent.atomic.AtomicInteger;

import org.rational4j.internal.Backend;
import org.rational4j.internal.Backends;
import org.rational4j.internal.Operand;
import org.rational4j.internal.Plan;

/** The scalar backend, counting calls: validation must reject bad input before any. */
final class CountingBackend implements Backend {
    final AtomicInteger calls = new AtomicInteger();
    private final Backend inner = Backends.get("scalar");

    static RationalActivation wrap(RationalActivation act, CountingBackend b) {
        return act.withBackend(b);
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public String describe() {
        return "counting scalar";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public void forward(Plan plan, DType dtype, Shape shape, Operand x, Operand y, long begin, long end) {
        calls.incrementAndGet();
        inner.forward(plan, dtype, shape, x, y, begin, end);
    }

    @Override
    public void backward(Plan plan, DType dtype, Shape shape, Operand x, Operand dy, Operand dx, long begin,
            long end, double[] gn, double[] gd) {
        calls.incrementAndGet();
        inner.backward(plan, dtype, shape, x, dy, dx, begin, end, gn, gd);
    }
}
