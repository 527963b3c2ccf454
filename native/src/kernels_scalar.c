/*
 * Scalar tier: the reference. Built with the baseline flags; fma()/fmaf() give the contract's
 * single rounding (glibc picks the FMA instruction at run time where the CPU has it).
 * VN = 1, so a "16-lane group" is 16 scalar steps, each with its own accumulator set.
 */
#include <math.h>

#include "internal.h"

#if defined(_WIN32) && R4J_X86
/* mingw-w64's fma()/fmaf() are not correctly rounded (cross_tier_bits under wine shows it), so
 * on Windows the scalar tier takes the FMA instruction when the CPU has one (r4j_fma*_hw, in the
 * AVX2 unit) and else an emulation from exact products and sums (Boldo & Melquiond's algorithm
 * with rounding to odd). The emulation is exact for operands away from overflow and underflow;
 * near those limits it can differ in the last bit (only on Windows CPUs without FMA). */
static double r4j_two_sum_err(double a, double b, double s) {
    double bb = s - a;
    return (a - (s - bb)) + (b - bb);
}
/* x + e, with x = RN(x + e): the neighbour of x with an odd mantissa when e != 0 */
static double r4j_round_odd(double x, double e) {
    if (e == 0 || x != x || x - x != 0) return x;
    uint64_t u;
    memcpy(&u, &x, 8);
    if (u & 1) return x;
    u = ((x > 0) == (e > 0)) ? u + 1 : u - 1; /* one ulp toward the exact value */
    memcpy(&x, &u, 8);
    return x;
}
static double r4j_fma_soft(double a, double b, double c) {
    double p = a * b;
    if (p - p != 0 || c - c != 0 || p == 0 || c == 0) return p + c; /* specials, zeros */
    const double split = 134217729.0; /* 2^27 + 1 (Veltkamp) */
    double ta = split * a, ah = ta - (ta - a), al = a - ah;
    double tb = split * b, bh = tb - (tb - b), bl = b - bh;
    double pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl; /* a*b = p + pl */
    double th = c + p, tl = r4j_two_sum_err(c, p, th);       /* c + p = th + tl */
    double w = tl + pl, we = r4j_two_sum_err(tl, pl, w);
    return th + r4j_round_odd(w, we);
}
static float r4j_fmaf_soft(float a, float b, float c) {
    double p = (double)a * (double)b; /* exact */
    double s = p + (double)c, e = r4j_two_sum_err(p, (double)c, s);
    return (float)r4j_round_odd(s, e); /* RN24(RO53(x)) = RN24(x) */
}
R4J_HIDDEN int r4j_cpu_has_fma; /* set by dispatch.c before any kernel runs */
R4J_HIDDEN double r4j_fma_hw(double a, double b, double c);
R4J_HIDDEN float r4j_fmaf_hw(float a, float b, float c);
static inline double r4j_fma(double a, double b, double c) {
    return r4j_cpu_has_fma ? r4j_fma_hw(a, b, c) : r4j_fma_soft(a, b, c);
}
static inline float r4j_fmaf(float a, float b, float c) {
    return r4j_cpu_has_fma ? r4j_fmaf_hw(a, b, c) : r4j_fmaf_soft(a, b, c);
}
#define fma r4j_fma
#define fmaf r4j_fmaf
#endif

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
