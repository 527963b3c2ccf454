/*
 * rational4j: learnable rational activations R(x) = P(x) / Q(x), forward and fused backward.
 *
 * The numeric contract (operation order, summation order of the coefficient gradients, storage
 * conversions) is docs/contract.md. Every function is single-threaded, reentrant and allocation
 * free except where noted; the caller (the Java layer) validates every size, offset and group
 * count before calling, and these functions re-check only what is cheap.
 */
#ifndef RATIONAL4J_H
#define RATIONAL4J_H

#include <stdint.h>

#if defined(_WIN32)
#  define R4J_API __declspec(dllexport)
#else
#  define R4J_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or a meaning below changes. The Java loader refuses a mismatch. */
#define R4J_ABI_VERSION 2

#define R4J_MAX_DEGREE 16
#define R4J_LANES 16          /* contract section 4 */
#define R4J_CHUNK 1024
#define R4J_BLOCK 65536

/* status codes */
#define R4J_OK 0
#define R4J_ERR_ARGUMENT (-1)   /* a cheap re-check failed: the caller broke the contract */
#define R4J_ERR_NO_MEMORY (-2)  /* scratch for many groups could not be allocated */

/* element types of x, y, dy, dx */
#define R4J_F32 0   /* coefficients: float  */
#define R4J_F64 1   /* coefficients: double */
#define R4J_BF16 2  /* uint16_t storage, computed in f32; coefficients: float */
#define R4J_F16 3   /* uint16_t storage (IEEE binary16), computed in f32; coefficients: float */

/* versions (docs/contract.md section 2) */
#define R4J_VERSION_A 0
#define R4J_VERSION_B 1
#define R4J_VERSION_C 2
#define R4J_VERSION_N 3

/* flags */
#define R4J_FLAG_SIGN0_ZERO 1   /* sign(0) = 0 (PyTorch autograd of abs) instead of +1 */

/* instruction-set tiers: levels per architecture (r4j_isa_name gives this build's names) */
#define R4J_ISA_SCALAR 0
#define R4J_ISA_AVX2 1    /* x86-64: AVX2 + FMA + F16C (x86-64-v3) */
#define R4J_ISA_AVX512 2  /* x86-64: AVX-512 F/BW/DQ/VL (x86-64-v4) */
#define R4J_ISA_NEON 1    /* AArch64: Advanced SIMD */
#define R4J_ISA_SVE 2     /* AArch64: reserved for SVE; no SVE kernels yet, so never active */
#define R4J_ISA_MAX 2

R4J_API int32_t r4j_abi_version(void);

/* Best tier this CPU and OS support (x86-64: CPUID + XGETBV; AArch64: HWCAP), ignoring any cap. */
R4J_API int32_t r4j_cpu_isa(void);

/* Tier the kernels use now: min(r4j_cpu_isa(), cap), where the cap comes from the environment
 * variable RATIONAL4J_MAX_ISA at first use (a name of r4j_isa_name, case-blind; an unknown name
 * prints a warning to stderr and caps to scalar), or from r4j_set_max_isa. */
R4J_API int32_t r4j_active_isa(void);

/* Caps the tier (for tests and benchmarks); returns the tier now active. Not to be called while
 * another thread is inside a kernel. An unknown value returns R4J_ERR_ARGUMENT. */
R4J_API int32_t r4j_set_max_isa(int32_t isa);

/* This architecture's name of tier level isa ("scalar", "avx2", "avx512" on x86-64; "scalar",
 * "neon", "sve" on AArch64): the names RATIONAL4J_MAX_ISA accepts. NULL outside
 * [0, R4J_ISA_MAX]. The string is static. Added in ABI version 2. */
R4J_API const char *r4j_isa_name(int32_t isa);

/*
 * Forward: y = R(x) for the flat elements [begin, end) of a tensor [outer, channels, inner].
 * x and y point at element `begin` (not at element 0); y may equal x (in place).
 * num: [num_groups][m + 1], den: [den_groups][nb] with nb = n (A, B, N) or n + 1 (C), both in the
 * working precision (float for F32/BF16/F16, double for F64). When group runs are shorter than 16
 * elements (e.g. per-channel groups with inner == 1) it allocates a channel-expanded coefficient
 * table for the call; if that fails it takes the allocation-free path instead (same bits).
 */
R4J_API int32_t r4j_forward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                            const void *num, int32_t num_groups,
                            const void *den, int32_t den_groups,
                            int64_t outer, int64_t channels, int64_t inner,
                            const void *x, void *y, int64_t begin, int64_t end);

/*
 * Fused backward over [begin, end): writes dx (dx may equal dy) and adds the coefficient
 * gradients into grad_num [num_groups][m + 1] and grad_den [den_groups][nb] (f64) in the
 * canonical order of docs/contract.md section 4. begin must be a multiple of R4J_BLOCK and end a
 * multiple of R4J_BLOCK or equal to outer * channels * inner. x, dy and dx point at element
 * `begin`. May allocate scratch when the groups are many; returns R4J_ERR_NO_MEMORY if it fails.
 */
R4J_API int32_t r4j_backward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                             const void *num, int32_t num_groups,
                             const void *den, int32_t den_groups,
                             int64_t outer, int64_t channels, int64_t inner,
                             const void *x, const void *dy, void *dx, int64_t begin, int64_t end,
                             double *grad_num, double *grad_den);

/* Benchmark yardstick: dx[i] = x[i] * dy[i] in f32 over n elements (reads two streams, writes
 * one, like the backward's dx pass). */
R4J_API int32_t r4j_yardstick_mul_f32(const float *x, const float *dy, float *dx, int64_t n);

/* Storage conversion of n elements with the active tier (docs/contract.md section 5): from R4J_F32
 * to R4J_BF16 or R4J_F16 (round to nearest even, NaN quieted, denormals kept), or from R4J_BF16 or
 * R4J_F16 to R4J_F32 (exact). Any other pair returns R4J_ERR_ARGUMENT. Added in ABI version 1. */
R4J_API int32_t r4j_convert(int32_t from_dtype, int32_t to_dtype, const void *src, void *dst,
                            int64_t n);

#ifdef __cplusplus
}
#endif

#endif /* RATIONAL4J_H */
