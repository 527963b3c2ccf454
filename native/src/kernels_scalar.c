/*
 * Scalar tier: the reference. Built with the baseline flags; fma()/fmaf() give the contract's
 * single rounding (glibc picks the FMA instruction at run time where the CPU has it).
 * VN = 1, so a "16-lane group" is 16 scalar steps, each with its own accumulator set.
 */
#include <math.h>

#include "internal.h"

#define R4J_CAT_(a, b) a##_##b
#define R4J_CAT(a, b) R4J_CAT_(a, b)
#define NAME(f) R4J_CAT(f, SFX)

#define VN 1
#define MK int
#define MK_RANGE(lo, hi) 1
#define V_BLEND(mk, o, nw) (nw)
#define V_ZERO ((W)0)
#define V_SET1(a) ((W)(a))
#define V_MUL(a, b) ((a) * (b))
#define V_DIV(a, b) ((a) / (b))
#define V_ADD(a, b) ((a) + (b))
#define V_NEG(a) (-(a))
#define V_SIGN(v, s0) ((v) < 0 ? (W)-1 : (v) == 0 ? (s0) : (W)1)
#define V_LOADW(p) R4J_LD(p)
#define V_STOREW(p, v) R4J_ST((p), (v))
#define STREAM_ALIGN 1
#define R4J_SFENCE() ((void)0)

/* ---- f32 working precision ---- */
#define W float
#define W_PT1 0.1f
#define V float
#define V_FMA(a, b, c) fmaf((a), (b), (c))
#define V_ABS(a) fabsf(a)

#define SFX f32_scalar
#define S float
#define V_LOAD(p) R4J_LD(p)
#define V_STORE(p, v) R4J_ST((p), (v))
#define V_STREAM(p, v) V_STORE(p, v)
#include "kernel_template.h"
#undef SFX
#undef S
#undef V_LOAD
#undef V_STORE

#define SFX bf16_scalar
#define S uint16_t
#define V_LOAD(p) r4j_bf16_to_f32(R4J_LD(p))
#define V_STORE(p, v) R4J_ST((p), r4j_f32_to_bf16(v))
#include "kernel_template.h"
#undef SFX
#undef V_LOAD
#undef V_STORE

#define SFX f16_scalar
#define V_LOAD(p) r4j_f16_to_f32(R4J_LD(p))
#define V_STORE(p, v) R4J_ST((p), r4j_f32_to_f16(v))
#include "kernel_template.h"
#undef SFX
#undef S
#undef V_LOAD
#undef V_STORE
#undef W
#undef W_PT1
#undef V
#undef V_FMA
#undef V_ABS

/* ---- f64 ---- */
#define W double
#define W_PT1 0.1
#define V double
#define V_FMA(a, b, c) fma((a), (b), (c))
#define V_ABS(a) fabs(a)
#define SFX f64_scalar
#define S double
#define V_LOAD(p) R4J_LD(p)
#define V_STORE(p, v) R4J_ST((p), (v))
#include "kernel_template.h"

static void mul_scalar(const float *x, const float *dy, float *dx, int64_t n) {
    for (int64_t i = 0; i < n; i++) R4J_ST(dx + i, R4J_LD(x + i) * R4J_LD(dy + i));
}

const r4j_kernels r4j_kernels_scalar = {
    .name = "scalar",
    .fwd = { [R4J_F32] = R4J_ROW(f32_scalar), [R4J_F64] = R4J_ROW(f64_scalar),
             [R4J_BF16] = R4J_ROW(bf16_scalar), [R4J_F16] = R4J_ROW(f16_scalar) },
    .bwd = { [R4J_F32] = R4J_BROW(f32_scalar), [R4J_F64] = R4J_BROW(f64_scalar),
             [R4J_BF16] = R4J_BROW(bf16_scalar), [R4J_F16] = R4J_BROW(f16_scalar) },
    .mul = mul_scalar,
    .widen = { [R4J_BF16] = widen_bf16_scalar, [R4J_F16] = widen_f16_scalar },
    .narrow = { [R4J_BF16] = narrow_bf16_scalar, [R4J_F16] = narrow_f16_scalar },
};
