/*
 * AVX-512 tier (x86-64-v4: F, BW, DQ, VL). A 16-lane group is one zmm of f32 or two of f64.
 * Partial vectors at run edges are lane-masked. kernels_avx512bf16.c includes this file again with
 * R4J_BF16_INSN set to build the variant that narrows to bf16 with vcvtneps2bf16.
 */
#include <immintrin.h>
#include <math.h>

#include "internal.h"

#define R4J_CAT_(a, b) a##_##b
#define R4J_CAT(a, b) R4J_CAT_(a, b)
#define NAME(f) R4J_CAT(f, SFX)
#define R4J_SFENCE() _mm_sfence()

#ifdef R4J_BF16_INSN
#define TIER_SFX(x) x##_avx512bf16
#else
#define TIER_SFX(x) x##_avx512
#endif

/* Degree (5,4), the PAU default, gets a constant-degree copy: loops unrolled, accumulators and
 * coefficients in registers. */
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

/* ---- f32 working precision: one __m512 = 16 lanes ---- */
#define W float
#define W_PT1 0.1f
#define V __m512
#define VN 16
#define MK __mmask16
#define MK_RANGE(lo, hi) ((__mmask16)(((1u << (hi)) - 1u) & ~((1u << (lo)) - 1u)))
#define V_BLEND(mk, o, nw) _mm512_mask_blend_ps((mk), (o), (nw))
#define V_ZERO _mm512_setzero_ps()
#define V_SET1(a) _mm512_set1_ps(a)
#define V_FMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define V_MUL(a, b) _mm512_mul_ps((a), (b))
#define V_DIV(a, b) _mm512_div_ps((a), (b))
#define V_ADD(a, b) _mm512_add_ps((a), (b))
#define V_NEG(a) _mm512_xor_ps((a), _mm512_set1_ps(-0.0f))
#define V_ABS(a) _mm512_abs_ps(a)
#define V_LOADW(p) _mm512_loadu_ps(p)
#define V_STOREW(p, v) _mm512_storeu_ps((p), (v))

static inline __m512 sign_ps(__m512 v, __m512 s0) {
    __mmask16 lt = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
    __mmask16 eq = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_EQ_OQ);
    __m512 r = _mm512_mask_blend_ps(lt, _mm512_set1_ps(1.0f), _mm512_set1_ps(-1.0f));
    return _mm512_mask_blend_ps(eq, r, s0);
}
#define V_SIGN(v, s0) sign_ps((v), (s0))

/* f32 -> bf16, contract section 5: RNE on the bits, NaN -> (bits >> 16) | 0x40 */
static inline __m256i bf16_narrow_int(__m512 v) {
    __m512i u = _mm512_castps_si512(v);
    __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
    __m512i r = _mm512_srli_epi32(_mm512_add_epi32(u, _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7fff))), 16);
    __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    r = _mm512_mask_mov_epi32(r, nan, _mm512_or_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(0x40)));
    return _mm512_cvtepi32_epi16(r);
}

#ifdef R4J_BF16_INSN
/* vcvtneps2bf16 rounds to nearest even and quiets NaN the same way, but treats denormal inputs
 * as zero (it ignores MXCSR and always does DAZ). Lanes with a denormal input, rare, take the
 * integer path so that the bits match the other tiers. */
static inline __m256i bf16_narrow(__m512 v) {
    __m512i u = _mm512_castps_si512(v);
    __mmask16 den = _mm512_testn_epi32_mask(u, _mm512_set1_epi32(0x7f800000)) &
                    _mm512_test_epi32_mask(u, _mm512_set1_epi32(0x007fffff));
    __m256i r = (__m256i)_mm512_cvtneps_pbh(v);
    if (__builtin_expect(den != 0, 0))
        r = _mm256_mask_mov_epi16(r, den, bf16_narrow_int(v));
    return r;
}
#else
#define bf16_narrow bf16_narrow_int
#endif

#ifndef R4J_BF16_INSN /* the bf16-instruction unit builds only the bf16 kernels */
#define SFX TIER_SFX(f32)
#define S float
#define STREAM_ALIGN 64
#define V_LOAD(p) _mm512_loadu_ps(p)
#define V_STORE(p, v) _mm512_storeu_ps((p), (v))
#define V_STREAM(p, v) _mm512_stream_ps((p), (v))
#include "kernel_template.h"
#undef SFX
#undef S
#undef STREAM_ALIGN
#undef V_LOAD
#undef V_STORE
#undef V_STREAM
#endif

#define S uint16_t
#define STREAM_ALIGN 32
#define SFX TIER_SFX(bf16)
#define V_LOAD(p) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(p))), 16))
#define V_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), bf16_narrow(v))
#define V_STREAM(p, v) _mm256_stream_si256((__m256i *)(void *)(p), bf16_narrow(v))
#include "kernel_template.h"
#undef SFX
#undef V_LOAD
#undef V_STORE
#undef V_STREAM

#ifndef R4J_BF16_INSN
#define SFX TIER_SFX(f16)
#define V_LOAD(p) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(p)))
#define V_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), _mm512_cvtps_ph((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC))
#define V_STREAM(p, v) _mm256_stream_si256((__m256i *)(void *)(p), _mm512_cvtps_ph((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC))
#include "kernel_template.h"
#undef SFX
#endif
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

#ifndef R4J_BF16_INSN
/* ---- f64: one __m512d = 8 lanes, two per 16-lane group ---- */
#define W double
#define W_PT1 0.1
#define V __m512d
#define VN 8
#define MK __mmask8
#define MK_RANGE(lo, hi) ((__mmask8)(((1u << (hi)) - 1u) & ~((1u << (lo)) - 1u)))
#define V_BLEND(mk, o, nw) _mm512_mask_blend_pd((mk), (o), (nw))
#define V_ZERO _mm512_setzero_pd()
#define V_SET1(a) _mm512_set1_pd(a)
#define V_FMA(a, b, c) _mm512_fmadd_pd((a), (b), (c))
#define V_MUL(a, b) _mm512_mul_pd((a), (b))
#define V_DIV(a, b) _mm512_div_pd((a), (b))
#define V_ADD(a, b) _mm512_add_pd((a), (b))
#define V_NEG(a) _mm512_xor_pd((a), _mm512_set1_pd(-0.0))
#define V_ABS(a) _mm512_abs_pd(a)
#define V_LOADW(p) _mm512_loadu_pd(p)
#define V_STOREW(p, v) _mm512_storeu_pd((p), (v))

static inline __m512d sign_pd(__m512d v, __m512d s0) {
    __mmask8 lt = _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_LT_OQ);
    __mmask8 eq = _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_EQ_OQ);
    __m512d r = _mm512_mask_blend_pd(lt, _mm512_set1_pd(1.0), _mm512_set1_pd(-1.0));
    return _mm512_mask_blend_pd(eq, r, s0);
}
#define V_SIGN(v, s0) sign_pd((v), (s0))

#define SFX TIER_SFX(f64)
#define S double
#define STREAM_ALIGN 64
#define V_LOAD(p) _mm512_loadu_pd(p)
#define V_STORE(p, v) _mm512_storeu_pd((p), (v))
#define V_STREAM(p, v) _mm512_stream_pd((p), (v))
#include "kernel_template.h"

static void mul_avx512(const float *x, const float *dy, float *dx, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(dx + i, _mm512_mul_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(dy + i)));
    if (i < n) {
        __mmask16 k = (__mmask16)((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(dx + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i),
                                                       _mm512_maskz_loadu_ps(k, dy + i)));
    }
}

#define ROWS(p) R4J_ROW(p##_avx512)
#define BROWS(p) R4J_BROW(p##_avx512)
const r4j_kernels r4j_kernels_avx512 = {
    .name = "avx512",
    .fwd = { [R4J_F32] = ROWS(f32), [R4J_F64] = ROWS(f64), [R4J_BF16] = ROWS(bf16), [R4J_F16] = ROWS(f16) },
    .bwd = { [R4J_F32] = BROWS(f32), [R4J_F64] = BROWS(f64), [R4J_BF16] = BROWS(bf16), [R4J_F16] = BROWS(f16) },
    .mul = mul_avx512,
    .widen = { [R4J_BF16] = widen_bf16_avx512, [R4J_F16] = widen_f16_avx512 },
    .narrow = { [R4J_BF16] = narrow_bf16_avx512, [R4J_F16] = narrow_f16_avx512 },
};
#else
/* only the bf16 entries; dispatch.c lays them over a copy of r4j_kernels_avx512 */
const r4j_kernels r4j_kernels_avx512bf16 = {
    .name = "avx512",
    .fwd = { [R4J_BF16] = R4J_ROW(bf16_avx512bf16) },
    .bwd = { [R4J_BF16] = R4J_BROW(bf16_avx512bf16) },
    .widen = { [R4J_BF16] = widen_bf16_avx512bf16 },
    .narrow = { [R4J_BF16] = narrow_bf16_avx512bf16 },
};
#endif
