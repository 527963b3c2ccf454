package org.rational4j.internal;

import java.util.Arrays;

/**
 * The element count of a file's array shape ({@code .npy}, safetensors), where dimensions come
 * from untrusted headers and their product may overflow. Internal; the command line uses it too.
 */
public final class Shapes {
    private Shapes() {
    }

    /**
     * The product of non-negative dimensions; 0 when any is 0, before any overflow (numpy's
     * {@code (2**62, 2**62, 0)} is an empty array).
     *
     * @throws ArithmeticException naming the shape when the product exceeds {@code Long.MAX_VALUE}
     */
    public static long elements(long[] dims) {
        for (long d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        long n = 1;
        for (long d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new ArithmeticException("shape " + Arrays.toString(dims) + " holds more than 2^63 - 1 values");
            }
        }
        return n;
    }
}
