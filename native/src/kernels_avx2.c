/*
 * AVX2 tier (x86-64-v3: AVX2, FMA, F16C). A 16-lane group is two ymm of f32 or four of f64, each
 * with its own accumulator set. Lane masks are vectors (blendv).
 */
#include <immintrin.h>
#include <math.h>

#include "internal.h"

#define R4J_CAT_(a, b) a##_##b
#define R4J_CAT(a, b) R4J_CAT_(a, b)
#define NAME(f) R4J_CAT(f, SFX)
#define R4J_SFENCE() _mm_sfence()

#define R4J_SPECIALIZE_TAB 1
#define R4J_SPECIALIZE_FWD(ver, M, N)                                                             \
    if (c->m == M && c->n == N) {                                                                 \
        NAME(fwd_impl)(c, (const S *)x, (S *)y, count, stream, ver, M, N);                        \
        return;                                                                                   \
    }
#define R4J_SPECIALIZE_BWD(ver, M, N)                                                             \
    if (c->m == M && c->n == N) {                                                                 \
        NAME(bwd_impl)(c, (const S *)x, (const S *)dy, (S *)dx, count, lane0, (W *)accn,        \
                       (W *)accd, stream, ver, M, N);                                            \
        return;                                                                                   \
    }

/* ---- f32: one __m256 = 8 lanes ---- */
#define W float
#define W_PT1 0.1f
#define V __m256
#define VN 8
#define MK __m256
static inline __m256 range_ps(int64_t lo, int64_t hi) {
    __m256i i = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i ge = _mm256_cmpgt_epi32(i, _mm256_set1_epi32((int)lo - 1));
    __m256i lt = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)hi), i);
    return _mm256_castsi256_ps(_mm256_and_si256(ge, lt));
}
#define MK_RANGE(lo, hi) range_ps((lo), (hi))
#define V_BLEND(mk, o, nw) _mm256_blendv_ps((o), (nw), (mk))
#define V_ZERO _mm256_setzero_ps()
#define V_SET1(a) _mm256_set1_ps(a)
#define V_FMA(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define V_MUL(a, b) _mm256_mul_ps((a), (b))
#define V_DIV(a, b) _mm256_div_ps((a), (b))
#define V_ADD(a, b) _mm256_add_ps((a), (b))
#define V_NEG(a) _mm256_xor_ps((a), _mm256_set1_ps(-0.0f))
#define V_ABS(a) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (a))
#define V_LOADW(p) _mm256_loadu_ps(p)
#define V_STOREW(p, v) _mm256_storeu_ps((p), (v))

static inline __m256 sign_ps(__m256 v, __m256 s0) {
    __m256 lt = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
    __m256 eq = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_EQ_OQ);
    __m256 r = _mm256_blendv_ps(_mm256_set1_ps(1.0f), _mm256_set1_ps(-1.0f), lt);
    return _mm256_blendv_ps(r, s0, eq);
}
#define V_SIGN(v, s0) sign_ps((v), (s0))

static inline __m256 bf16_widen(__m128i h) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
/* contract section 5 on the integer bits; packus keeps 0..0xffff as is */
static inline __m128i bf16_narrow(__m256 v) {
    __m256i u = _mm256_castps_si256(v);
    __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    __m256i r = _mm256_srli_epi32(_mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff))), 16);
    __m256i q = _mm256_or_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(0x40));
    __m256i nan = _mm256_castps_si256(_mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    r = _mm256_blendv_epi8(r, q, nan);
    return _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
}

#define SFX f32_avx2
#define S float
#define STREAM_ALIGN 32
#define V_LOAD(p) _mm256_loadu_ps(p)
#define V_STORE(p, v) _mm256_storeu_ps((p), (v))
#define V_STREAM(p, v) _mm256_stream_ps((p), (v))
#include "kernel_template.h"
#undef SFX
#undef S
#undef STREAM_ALIGN
#undef V_LOAD
#undef V_STORE
#undef V_STREAM

#define S uint16_t
#define STREAM_ALIGN 16
#define SFX bf16_avx2
#define V_LOAD(p) bf16_widen(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define V_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), bf16_narrow(v))
#define V_STREAM(p, v) _mm_stream_si128((__m128i *)(void *)(p), bf16_narrow(v))
#include "kernel_template.h"
#undef SFX
#undef V_LOAD
#undef V_STORE
#undef V_STREAM

#define SFX f16_avx2
#define V_LOAD(p) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define V_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), _mm256_cvtps_ph((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC))
#define V_STREAM(p, v) _mm_stream_si128((__m128i *)(void *)(p), _mm256_cvtps_ph((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC))
#include "kernel_template.h"
#undef SFX
#undef S
#undef STREAM_ALIGN
#undef V_LOAD
#undef V_STORE
#undef V_STREAM
#undef W
#undef W_PT1
#undef V
#undef VN
#undef MK
#undef MK_RANGE
#undef V_BLEND
#undef V_ZERO
#undef V_SET1
#undef V_FMA
#undef V_MUL
#undef V_DIV
#undef V_ADD
#undef V_NEG
#undef V_ABS
#undef V_LOADW
#undef V_STOREW
#undef V_SIGN

/* ---- f64: one __m256d = 4 lanes, four per 16-lane group ---- */
#define W double
#define W_PT1 0.1
#define V __m256d
#define VN 4
#define MK __m256d
static inline __m256d range_pd(int64_t lo, int64_t hi) {
    __m256i i = _mm256_setr_epi64x(0, 1, 2, 3);
    __m256i ge = _mm256_cmpgt_epi64(i, _mm256_set1_epi64x(lo - 1));
    __m256i lt = _mm256_cmpgt_epi64(_mm256_set1_epi64x(hi), i);
    return _mm256_castsi256_pd(_mm256_and_si256(ge, lt));
}
#define MK_RANGE(lo, hi) range_pd((lo), (hi))
#define V_BLEND(mk, o, nw) _mm256_blendv_pd((o), (nw), (mk))
#define V_ZERO _mm256_setzero_pd()
#define V_SET1(a) _mm256_set1_pd(a)
#define V_FMA(a, b, c) _mm256_fmadd_pd((a), (b), (c))
#define V_MUL(a, b) _mm256_mul_pd((a), (b))
#define V_DIV(a, b) _mm256_div_pd((a), (b))
#define V_ADD(a, b) _mm256_add_pd((a), (b))
#define V_NEG(a) _mm256_xor_pd((a), _mm256_set1_pd(-0.0))
#define V_ABS(a) _mm256_andnot_pd(_mm256_set1_pd(-0.0), (a))
#define V_LOADW(p) _mm256_loadu_pd(p)
#define V_STOREW(p, v) _mm256_storeu_pd((p), (v))

static inline __m256d sign_pd(__m256d v, __m256d s0) {
    __m256d lt = _mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_LT_OQ);
    __m256d eq = _mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_EQ_OQ);
    __m256d r = _mm256_blendv_pd(_mm256_set1_pd(1.0), _mm256_set1_pd(-1.0), lt);
    return _mm256_blendv_pd(r, s0, eq);
}
#define V_SIGN(v, s0) sign_pd((v), (s0))

#define SFX f64_avx2
#define S double
#define STREAM_ALIGN 32
#define V_LOAD(p) _mm256_loadu_pd(p)
#define V_STORE(p, v) _mm256_storeu_pd((p), (v))
#define V_STREAM(p, v) _mm256_stream_pd((p), (v))
#include "kernel_template.h"

static void mul_avx2(const float *x, const float *dy, float *dx, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dx + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(dy + i)));
    for (; i < n; i++) /* same IEEE product, one element at a time */
        R4J_ST(dx + i, R4J_LD(x + i) * R4J_LD(dy + i));
}

#if defined(_WIN32)
/* the scalar tier's fma on Windows when the CPU has FMA (kernels_scalar.c says why) */
double r4j_fma_hw(double a, double b, double c) {
    return _mm_cvtsd_f64(_mm_fmadd_sd(_mm_set_sd(a), _mm_set_sd(b), _mm_set_sd(c)));
}
float r4j_fmaf_hw(float a, float b, float c) {
    return _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(a), _mm_set_ss(b), _mm_set_ss(c)));
}
#endif

const r4j_kernels r4j_kernels_avx2 = {
    .name = "avx2",
    .fwd = { [R4J_F32] = R4J_ROW(f32_avx2), [R4J_F64] = R4J_ROW(f64_avx2),
             [R4J_BF16] = R4J_ROW(bf16_avx2), [R4J_F16] = R4J_ROW(f16_avx2) },
    .bwd = { [R4J_F32] = R4J_BROW(f32_avx2), [R4J_F64] = R4J_BROW(f64_avx2),
             [R4J_BF16] = R4J_BROW(bf16_avx2), [R4J_F16] = R4J_BROW(f16_avx2) },
    .fwdt = { [R4J_F32] = R4J_TROW(f32_avx2), [R4J_F64] = R4J_TROW(f64_avx2),
              [R4J_BF16] = R4J_TROW(bf16_avx2), [R4J_F16] = R4J_TROW(f16_avx2) },
    .bwdt = { [R4J_F32] = R4J_TBROW(f32_avx2), [R4J_F64] = R4J_TBROW(f64_avx2),
              [R4J_BF16] = R4J_TBROW(bf16_avx2), [R4J_F16] = R4J_TBROW(f16_avx2) },
    .red1 = { red1_f32_avx2, red1_f64_avx2 },
    .mul = mul_avx2,
    .widen = { [R4J_BF16] = widen_bf16_avx2, [R4J_F16] = widen_f16_avx2 },
    .narrow = { [R4J_BF16] = narrow_bf16_avx2, [R4J_F16] = narrow_f16_avx2 },
};
