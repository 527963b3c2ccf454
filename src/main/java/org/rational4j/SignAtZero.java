package org.rational4j;

/**
 * The value of sign(0) in the gradients (d|v|/dv at v = 0).
 */
public enum SignAtZero {
    /** sign(0) = +1, as the CUDA/Triton kernels that trained published checkpoints: coefficients
     * initialised to exactly 0 still train. The default. */
    PLUS_ONE,
    /** sign(0) = 0, as PyTorch autograd of abs: coefficients at exactly 0 never move. */
    ZERO;

    /** The C ABI flag bits for this convention. */
    public int flags() {
        return this == ZERO ? 1 : 0;
    }
}
