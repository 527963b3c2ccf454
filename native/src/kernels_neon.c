/*
 * NEON tier (AArch64 Advanced SIMD, present on every AArch64 CPU). A 16-lane group is four
 * float32x4_t or eight float64x2_t, each with its own accumulator set. vfmaq is the fused
 * multiply-add with one rounding and vdivq the true division, so the operation sequence and the
 * bits are those of the x86 tiers (docs/contract.md). Loads and stores go through byte vectors,
 * which have no alignment requirement: the Java API passes any byte offset.
 *
 * Storage conversions: f16 with the base-architecture FCVTL/FCVTN (round to nearest even under
 * the default FPCR, NaN quieted with its payload kept, denormals kept: the contract's software
 * conversion, checked bit for bit by the convert test); bf16 with integer NEON on the bit
 * pattern, the same rule as the AVX2 tier.
 */
#include <arm_neon.h>
#include <math.h>

#include "internal.h"

#define R4J_CAT_(a, b) a##_##b
#define R4J_CAT(a, b) R4J_CAT_(a, b)
#define NAME(f) R4J_CAT(f, SFX)
#define R4J_SFENCE() ((void)0)

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

#define LD8(p) vld1q_u8((const uint8_t *)(const void *)(p))
#define ST8(p, v) vst1q_u8((uint8_t *)(void *)(p), (v))
#define LD8H(p) vld1_u8((const uint8_t *)(const void *)(p))
#define ST8H(p, v) vst1_u8((uint8_t *)(void *)(p), (v))

/* ---- f32: one float32x4_t = 4 lanes ---- */
#define W float
#define W_PT1 0.1f
#define V float32x4_t
#define VN 4
#define MK uint32x4_t
static inline uint32x4_t range_f32(int64_t lo, int64_t hi) {
    static const uint32_t idx[4] = { 0, 1, 2, 3 };
    uint32x4_t i = vld1q_u32(idx);
    return vandq_u32(vcgeq_u32(i, vdupq_n_u32((uint32_t)lo)), vcltq_u32(i, vdupq_n_u32((uint32_t)hi)));
}
#define MK_RANGE(lo, hi) range_f32((lo), (hi))
#define V_BLEND(mk, o, nw) vbslq_f32((mk), (nw), (o))
#define V_ZERO vdupq_n_f32(0.0f)
#define V_SET1(a) vdupq_n_f32(a)
#define V_FMA(a, b, c) vfmaq_f32((c), (a), (b))
#define V_MUL(a, b) vmulq_f32((a), (b))
#define V_DIV(a, b) vdivq_f32((a), (b))
#define V_ADD(a, b) vaddq_f32((a), (b))
#define V_NEG(a) vnegq_f32(a)
#define V_ABS(a) vabsq_f32(a)
#define V_LOADW(p) vreinterpretq_f32_u8(LD8(p))
#define V_STOREW(p, v) ST8((p), vreinterpretq_u8_f32(v))

static inline float32x4_t sign_f32(float32x4_t v, float32x4_t s0) {
    uint32x4_t lt = vcltq_f32(v, vdupq_n_f32(0.0f)), eq = vceqq_f32(v, vdupq_n_f32(0.0f));
    float32x4_t r = vbslq_f32(lt, vdupq_n_f32(-1.0f), vdupq_n_f32(1.0f));
    return vbslq_f32(eq, s0, r);
}
#define V_SIGN(v, s0) sign_f32((v), (s0))

static inline float32x4_t bf16_widen(uint16x4_t h) {
    return vreinterpretq_f32_u32(vshll_n_u16(h, 16));
}
/* contract section 5 on the integer bits */
static inline uint16x4_t bf16_narrow(float32x4_t v) {
    uint32x4_t u = vreinterpretq_u32_f32(v);
    uint32x4_t lsb = vandq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(1));
    uint32x4_t r = vshrq_n_u32(vaddq_u32(u, vaddq_u32(lsb, vdupq_n_u32(0x7fff))), 16);
    uint32x4_t q = vorrq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(0x40));
    uint32x4_t ok = vceqq_f32(v, v); /* false for NaN */
    return vmovn_u32(vbslq_u32(ok, r, q));
}

#define SFX f32_neon
#define S float
#define STREAM_ALIGN 16
#define V_LOAD(p) vreinterpretq_f32_u8(LD8(p))
#define V_STORE(p, v) ST8((p), vreinterpretq_u8_f32(v))
#define V_STREAM(p, v) V_STORE(p, v)
#include "kernel_template.h"
#undef SFX
#undef S
#undef STREAM_ALIGN
#undef V_LOAD
#undef V_STORE
#undef V_STREAM

#define S uint16_t
#define STREAM_ALIGN 8
#define SFX bf16_neon
#define V_LOAD(p) bf16_widen(vreinterpret_u16_u8(LD8H(p)))
#define V_STORE(p, v) ST8H((p), vreinterpret_u8_u16(bf16_narrow(v)))
#define V_STREAM(p, v) V_STORE(p, v)
#include "kernel_template.h"
#undef SFX
#undef V_LOAD
#undef V_STORE
#undef V_STREAM

#define SFX f16_neon
#define V_LOAD(p) vcvt_f32_f16(vreinterpret_f16_u8(LD8H(p)))
#define V_STORE(p, v) ST8H((p), vreinterpret_u8_f16(vcvt_f16_f32(v)))
#define V_STREAM(p, v) V_STORE(p, v)
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

/* ---- f64: one float64x2_t = 2 lanes, eight per 16-lane group ---- */
#define W double
#define W_PT1 0.1
#define V float64x2_t
#define VN 2
#define MK uint64x2_t
static inline uint64x2_t range_f64(int64_t lo, int64_t hi) {
    static const uint64_t idx[2] = { 0, 1 };
    uint64x2_t i = vld1q_u64(idx);
    return vandq_u64(vcgeq_u64(i, vdupq_n_u64((uint64_t)lo)), vcltq_u64(i, vdupq_n_u64((uint64_t)hi)));
}
#define MK_RANGE(lo, hi) range_f64((lo), (hi))
#define V_BLEND(mk, o, nw) vbslq_f64((mk), (nw), (o))
#define V_ZERO vdupq_n_f64(0.0)
#define V_SET1(a) vdupq_n_f64(a)
#define V_FMA(a, b, c) vfmaq_f64((c), (a), (b))
#define V_MUL(a, b) vmulq_f64((a), (b))
#define V_DIV(a, b) vdivq_f64((a), (b))
#define V_ADD(a, b) vaddq_f64((a), (b))
#define V_NEG(a) vnegq_f64(a)
#define V_ABS(a) vabsq_f64(a)
#define V_LOADW(p) vreinterpretq_f64_u8(LD8(p))
#define V_STOREW(p, v) ST8((p), vreinterpretq_u8_f64(v))

static inline float64x2_t sign_f64(float64x2_t v, float64x2_t s0) {
    uint64x2_t lt = vcltq_f64(v, vdupq_n_f64(0.0)), eq = vceqq_f64(v, vdupq_n_f64(0.0));
    float64x2_t r = vbslq_f64(lt, vdupq_n_f64(-1.0), vdupq_n_f64(1.0));
    return vbslq_f64(eq, s0, r);
}
#define V_SIGN(v, s0) sign_f64((v), (s0))

#define SFX f64_neon
#define S double
#define STREAM_ALIGN 16
#define V_LOAD(p) vreinterpretq_f64_u8(LD8(p))
#define V_STORE(p, v) ST8((p), vreinterpretq_u8_f64(v))
#define V_STREAM(p, v) V_STORE(p, v)
#include "kernel_template.h"

static void mul_neon(const float *x, const float *dy, float *dx, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4)
        ST8(dx + i, vreinterpretq_u8_f32(vmulq_f32(vreinterpretq_f32_u8(LD8(x + i)),
                                                   vreinterpretq_f32_u8(LD8(dy + i)))));
    for (; i < n; i++) R4J_ST(dx + i, R4J_LD(x + i) * R4J_LD(dy + i));
}

const r4j_kernels r4j_kernels_neon = {
    .name = "neon",
    .fwd = { [R4J_F32] = R4J_ROW(f32_neon), [R4J_F64] = R4J_ROW(f64_neon),
             [R4J_BF16] = R4J_ROW(bf16_neon), [R4J_F16] = R4J_ROW(f16_neon) },
    .bwd = { [R4J_F32] = R4J_BROW(f32_neon), [R4J_F64] = R4J_BROW(f64_neon),
             [R4J_BF16] = R4J_BROW(bf16_neon), [R4J_F16] = R4J_BROW(f16_neon) },
    .fwdt = { [R4J_F32] = R4J_TROW(f32_neon), [R4J_F64] = R4J_TROW(f64_neon),
              [R4J_BF16] = R4J_TROW(bf16_neon), [R4J_F16] = R4J_TROW(f16_neon) },
    .bwdt = { [R4J_F32] = R4J_TBROW(f32_neon), [R4J_F64] = R4J_TBROW(f64_neon),
              [R4J_BF16] = R4J_TBROW(bf16_neon), [R4J_F16] = R4J_TBROW(f16_neon) },
    .red1 = { red1_f32_neon, red1_f64_neon },
    .mul = mul_neon,
    .widen = { [R4J_BF16] = widen_bf16_neon, [R4J_F16] = widen_f16_neon },
    .narrow = { [R4J_BF16] = narrow_bf16_neon, [R4J_F16] = narrow_f16_neon },
};
