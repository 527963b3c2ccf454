/*
 * Division by a run-time constant d (1 <= d < 2^31) of dividends n < 2^31 by a multiply-high and
 * a shift: q = floor(n * mul / 2^(31 + l)) with l = ceil(log2 d) and mul = ceil(2^(31 + l) / d).
 * Exact because mul * d - 2^(31 + l) < d <= 2^l and n < 2^31. Shared with the host test, which
 * checks it against plain division.
 */
#ifndef R4J_FASTDIV_H
#define R4J_FASTDIV_H

#include <stdint.h>

#ifdef __CUDACC__
#define R4J_HD __host__ __device__ __forceinline__
#else
#define R4J_HD static inline
#endif

typedef struct {
    uint32_t mul, shift, one; /* one: d == 1 */
} r4j_fastdiv;

R4J_HD r4j_fastdiv r4j_fastdiv_make(uint32_t d) {
    r4j_fastdiv f = { 0u, 0u, 1u };
    if (d > 1u) {
        uint32_t l = 0;
        while (((uint64_t)1 << l) < d) l++;
        f.mul = (uint32_t)((((uint64_t)1 << (31 + l)) + d - 1) / d);
        f.shift = l - 1;
        f.one = 0u;
    }
    return f;
}

R4J_HD uint32_t r4j_fastdiv_apply(r4j_fastdiv f, uint32_t n) {
#ifdef __CUDA_ARCH__
    return f.one ? n : __umulhi(n, f.mul) >> f.shift;
#else
    return f.one ? n : (uint32_t)(((uint64_t)n * f.mul) >> 32) >> f.shift;
#endif
}

#endif /* R4J_FASTDIV_H */
