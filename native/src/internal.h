/*
 * Internal interface between the driver (api.c), the dispatcher (dispatch.c) and the per-tier
 * kernels (kernels_*.c). Nothing here is exported from the shared library.
 *
 * Division of labour:
 *  - api.c walks the tensor layout: it cuts [begin, end) into runs of consecutive elements that
 *    share one (numerator group, denominator group) pair and, for the backward, into 1024-element
 *    chunks; it owns the per-lane accumulator scratch and does the f64 halving-tree reduction of
 *    each chunk, the block partials and the fold into the caller's arrays (contract section 4).
 *  - a tier kernel evaluates one run with the group's coefficients held in registers; the
 *    backward kernel also adds each element's contributions into the 16 per-lane accumulators
 *    of the chunk (lane = flat index % 16), which it keeps in registers for the run.
 * The reduction is scalar f64 code in one place, so it cannot differ between tiers.
 */
#ifndef R4J_INTERNAL_H
#define R4J_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "rational4j.h"

#if defined(_WIN32)
#define R4J_HIDDEN /* PE: only R4J_API (dllexport) functions are exported */
#else
#define R4J_HIDDEN __attribute__((visibility("hidden")))
#endif

/* Outputs at least this large (per call) are written with non-temporal stores: they would not
 * fit in the last-level cache anyway, so bypassing it saves the read-for-ownership traffic. */
#define R4J_STREAM_BYTES (16 << 20)

/* One run's coefficients, in the working precision W (float or double). */
typedef struct {
    int32_t m, n;     /* degrees; the denominator has nb = n (A, B, N) or n + 1 (C) entries */
    int32_t sgn0;     /* sign(0): 1 or 0 */
    const void *a;    /* a[0..m] of this run's numerator group */
    const void *b;    /* b[0..nb-1] of this run's denominator group */
} r4j_coefs;

/* y[0..count) = R(x[0..count)). stream: the caller's output is large, use non-temporal stores. */
typedef void (*r4j_fwd_fn)(const r4j_coefs *c, const void *x, void *y, int64_t count,
                           int stream);

/* dx[0..count) and accumulation into the chunk's lane accumulators. Element j of the run has
 * lane (lane0 + j) % 16. accn: [m + 1][16] W of the run's numerator group, accd: [nb][16] W of
 * its denominator group. The run never crosses a chunk boundary. */
typedef void (*r4j_bwd_fn)(const r4j_coefs *c, const void *x, const void *dy, void *dx,
                           int64_t count, int lane0, void *accn, void *accd, int stream);

/* Short-run path (kernel_template.h): coefficients per element from the channel-expanded table
 * tab [m + 1 + nb][tlen + 16] W; element j of the call has table column (r0 + j) % tlen. The
 * backward's acc has the same shape: acc[k][r] is the lane accumulator of slot row k for the
 * (group, lane) pair of column r (tlen and r0 % 16 - lane agree: tlen % 16 == 0, r0 = e % tlen).
 * The backward call never crosses a chunk boundary. */
typedef void (*r4j_fwdt_fn)(const r4j_coefs *c, const void *tab, int64_t tlen, int64_t r0,
                            const void *x, void *y, int64_t count, int stream);
typedef void (*r4j_bwdt_fn)(const r4j_coefs *c, const void *tab, int64_t tlen, int64_t r0,
                            const void *x, const void *dy, void *dx, int64_t count, void *acc,
                            int stream);
/* bp[j] += ((double)acc[j] + 0.0) * sg[j] (sg may be NULL), acc[j] = +0.0, j < n: the chunk
 * partial of single-lane slots ([0] float accumulators, [1] double) */
typedef void (*r4j_red1_fn)(void *acc, double *bp, const double *sg, int64_t n);

typedef void (*r4j_mul_fn)(const float *x, const float *dy, float *dx, int64_t n);

/* storage <-> f32 conversion of n elements (dtype BF16 or F16 selects the entry) */
typedef void (*r4j_widen_fn)(const uint16_t *src, float *dst, int64_t n);
typedef void (*r4j_narrow_fn)(const float *src, uint16_t *dst, int64_t n);

typedef struct {
    const char *name;
    r4j_fwd_fn fwd[4][4]; /* [dtype][version] */
    r4j_bwd_fn bwd[4][4];
    r4j_fwdt_fn fwdt[4][4]; /* NULL in the scalar tier: it keeps the run path (the reference) */
    r4j_bwdt_fn bwdt[4][4];
    r4j_red1_fn red1[2];
    r4j_mul_fn mul;
    r4j_widen_fn widen[4];   /* only [R4J_BF16] and [R4J_F16] are set */
    r4j_narrow_fn narrow[4];
} r4j_kernels;

R4J_HIDDEN extern const r4j_kernels r4j_kernels_scalar;
#if defined(__x86_64__) || defined(_M_X64)
#define R4J_X86 1
R4J_HIDDEN extern const r4j_kernels r4j_kernels_avx2;
R4J_HIDDEN extern const r4j_kernels r4j_kernels_avx512;
R4J_HIDDEN extern const r4j_kernels r4j_kernels_avx512bf16; /* AVX-512 plus vcvtneps2bf16 */
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#define R4J_ARM64 1
R4J_HIDDEN extern const r4j_kernels r4j_kernels_neon;
#endif

/* The table of the active tier (dispatch.c). */
R4J_HIDDEN const r4j_kernels *r4j_table(void);

/* ---- loads and stores through pointers that may not be aligned to their type ----
 * The Java API passes element (and coefficient) addresses at any byte offset by design, and a
 * plain dereference of a misaligned float* is undefined behaviour in C. memcpy is the portable
 * unaligned access; compilers turn it into a single move. R4J_LD/R4J_ST pick the width from the
 * pointer's type (arrays decay in _Generic). */
static inline float r4j_ld_f32(const void *p) { float v; memcpy(&v, p, 4); return v; }
static inline double r4j_ld_f64(const void *p) { double v; memcpy(&v, p, 8); return v; }
static inline uint16_t r4j_ld_u16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline void r4j_st_f32(void *p, float v) { memcpy(p, &v, 4); }
static inline void r4j_st_f64(void *p, double v) { memcpy(p, &v, 8); }
static inline void r4j_st_u16(void *p, uint16_t v) { memcpy(p, &v, 2); }
#define R4J_LD(p)                                                                                \
    _Generic((p), const float *: r4j_ld_f32, float *: r4j_ld_f32, const double *: r4j_ld_f64,   \
             double *: r4j_ld_f64, const uint16_t *: r4j_ld_u16, uint16_t *: r4j_ld_u16)(p)
#define R4J_ST(p, v)                                                                             \
    _Generic((p), float *: r4j_st_f32, double *: r4j_st_f64, uint16_t *: r4j_st_u16)((p), (v))

/* ---- software conversions (contract section 5): the scalar reference of every tier ---- */

static inline float r4j_bits_f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t r4j_f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static inline float r4j_bf16_to_f32(uint16_t h) { return r4j_bits_f32((uint32_t)h << 16); }

static inline uint16_t r4j_f32_to_bf16(float f) {
    uint32_t u = r4j_f32_bits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x0040u); /* quiet NaN */
    /* round to nearest even on the bit pattern; carries into the exponent (even to inf) */
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

static inline float r4j_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu, u;
    if (e == 0x1f) {
        u = sign | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0u); /* inf, or NaN made quiet */
    } else if (e != 0) {
        u = sign | ((e + 112u) << 23) | (m << 13);
    } else if (m == 0) {
        u = sign;
    } else { /* subnormal half: normalise */
        uint32_t s = 0;
        while (!(m & 0x400u)) { m <<= 1; s++; }
        u = sign | ((113u - s) << 23) | ((m & 0x3ffu) << 13);
    }
    return r4j_bits_f32(u);
}

static inline uint16_t r4j_f32_to_f16(float f) {
    uint32_t u = r4j_f32_bits(f);
    uint32_t sign = (u >> 16) & 0x8000u, a = u & 0x7fffffffu;
    if (a > 0x7f800000u) return (uint16_t)(sign | 0x7e00u | ((a >> 13) & 0x3ffu)); /* quiet NaN */
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u); /* >= 65520 rounds to inf */
    if (a >= 0x38800000u) {                                  /* normal half */
        uint32_t r = a - 0x38000000u;                        /* rebias 127 -> 15 */
        r += 0xfffu + ((r >> 13) & 1u);
        return (uint16_t)(sign | (r >> 13));
    }
    if (a < 0x33000000u) return (uint16_t)sign; /* <= 2^-25 rounds to zero (tie to even) */
    { /* subnormal half, units of 2^-24; may round up into the smallest normal */
        uint32_t e = a >> 23, mant = (a & 0x7fffffu) | 0x800000u;
        uint32_t shift = 126u - e; /* 14 .. 24 */
        uint32_t h = mant >> shift, rem = mant & ((1u << shift) - 1u), half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (h & 1u))) h++;
        return (uint16_t)(sign | h);
    }
}

#endif /* R4J_INTERNAL_H */
