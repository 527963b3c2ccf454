/*
 * CUDA kernels and the r4j_cuda_* entry points (rational4j_cuda.h), following docs/contract.md
 * operation for operation. Every floating-point operation is an explicit round-to-nearest
 * intrinsic (__fmaf_rn, __fdiv_rn, __fmul_rn, __fadd_rn and their f64 twins), so the bits do not
 * depend on nvcc's contraction or fast-math flags; the build adds -fmad=false -ftz=false
 * -prec-div=true -prec-sqrt=true anyway.
 *
 * Backward (contract section 4) without atomics:
 *  1. bwd_kernel: one thread per (chunk, lane). It walks its lane's 64 elements of the chunk in
 *     increasing flat index, writes dx and keeps the lane accumulators of the current
 *     (numerator group, denominator group) in registers. When the group changes it parks them in
 *     the scratch cell of (chunk, group, slot, lane) and resumes from the new group's cell, so
 *     each (group, lane) sum sees its elements in increasing index from +0.0: the contract's
 *     accumulator, whatever the layout. Cells are indexed by the group relative to the chunk's
 *     first group (a chunk meets at most min(groups, ceil(1024 / run) + 1) of them).
 *  2. reduce_kernel: per (block, slot), each chunk's 16 lane values to f64 through the halving
 *     tree (times sign(b[k]) for version A), then the block partial over the 64 chunks in order.
 *  3. fold_kernel: per slot, G = G + P_block over the blocks in block order.
 * Work goes in batches of blocks so that the scratch stays bounded.
 */
#include <cuda_runtime.h>

#include <cmath>
#include <vector>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fastdiv.h"
#include "rational4j_cuda.h"

/* R4J_LAUNCH(grid, block, stream, (args...), kernel) is kernel<<<grid, block, 0, stream>>>(args);
 * the host emulation test (test/emulate) defines its own */
#ifndef R4J_LAUNCH
#define R4J_LAUNCH(grid, block, stream, args, ...) __VA_ARGS__<<<(grid), (block), 0, (stream)>>> args
#endif

namespace {

/* ---------------------------------------------------------------------------------------------
 * Arithmetic in the working precision W, one IEEE rounding each.
 */
__device__ __forceinline__ float FMA(float a, float b, float c) { return __fmaf_rn(a, b, c); }
__device__ __forceinline__ double FMA(double a, double b, double c) { return __fma_rn(a, b, c); }
__device__ __forceinline__ float MUL(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double MUL(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ float DIV(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ double DIV(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ float ADD(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double ADD(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ float ABS(float a) { return fabsf(a); }
__device__ __forceinline__ double ABS(double a) { return fabs(a); }
/* -1 if v < 0, s0 if v == 0, +1 otherwise (NaN too) */
template <typename W> __device__ __forceinline__ W SIGN(W v, W s0) {
    return v < (W)0 ? (W)-1 : v == (W)0 ? s0 : (W)1;
}
template <typename W> struct Pt1;
template <> struct Pt1<float> { static __device__ __forceinline__ float v() { return 0.1f; } };
template <> struct Pt1<double> { static __device__ __forceinline__ double v() { return 0.1; } };

/* ---------------------------------------------------------------------------------------------
 * Storage types (contract section 5): the integer conversions of native/src/internal.h.
 */
__device__ __forceinline__ uint16_t f32_to_bf16(float f) {
    uint32_t u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x0040u);
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

__device__ __forceinline__ float f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu, u;
    if (e == 0x1f) {
        u = sign | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0u);
    } else if (e != 0) {
        u = sign | ((e + 112u) << 23) | (m << 13);
    } else if (m == 0) {
        u = sign;
    } else { /* subnormal half: normalise (m has its top bit at position 31 - clz) */
        uint32_t s = (uint32_t)__clz(m) - 21u; /* shifts that bring bit 10 up: 1 .. 10 */
        m <<= s;
        u = sign | ((113u - s) << 23) | ((m & 0x3ffu) << 13);
    }
    return __uint_as_float(u);
}

__device__ __forceinline__ uint16_t f32_to_f16(float f) {
    uint32_t u = __float_as_uint(f);
    uint32_t sign = (u >> 16) & 0x8000u, a = u & 0x7fffffffu;
    if (a > 0x7f800000u) return (uint16_t)(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u);
    if (a >= 0x38800000u) {
        uint32_t r = a - 0x38000000u;
        r += 0xfffu + ((r >> 13) & 1u);
        return (uint16_t)(sign | (r >> 13));
    }
    if (a < 0x33000000u) return (uint16_t)sign;
    uint32_t e = a >> 23, mant = (a & 0x7fffffu) | 0x800000u;
    uint32_t shift = 126u - e;
    uint32_t h = mant >> shift, rem = mant & ((1u << shift) - 1u), half = 1u << (shift - 1u);
    if (rem > half || (rem == half && (h & 1u))) h++;
    return (uint16_t)(sign | h);
}

/* streaming (evict-first) loads and stores: each element is touched once */
struct TF32 {
    typedef float S;
    typedef float W;
    static __device__ __forceinline__ W load(const S *p) { return __ldcs(p); }
    static __device__ __forceinline__ void store(S *p, W v) { __stcs(p, v); }
};
struct TF64 {
    typedef double S;
    typedef double W;
    static __device__ __forceinline__ W load(const S *p) { return __ldcs(p); }
    static __device__ __forceinline__ void store(S *p, W v) { __stcs(p, v); }
};
struct TBF16 {
    typedef unsigned short S;
    typedef float W;
    static __device__ __forceinline__ W load(const S *p) {
        return __uint_as_float((uint32_t)__ldcs(p) << 16);
    }
    static __device__ __forceinline__ void store(S *p, W v) { __stcs(p, (S)f32_to_bf16(v)); }
};
struct TF16 {
    typedef unsigned short S;
    typedef float W;
    static __device__ __forceinline__ W load(const S *p) { return f16_to_f32(__ldcs(p)); }
    static __device__ __forceinline__ void store(S *p, W v) { __stcs(p, (S)f32_to_f16(v)); }
};

/* ---------------------------------------------------------------------------------------------
 * Coefficients of the current group. With M >= 0 the degrees are compile-time constants and the
 * coefficients sit in registers (reloaded when the group changes); M < 0 is the general path,
 * which reads them through the read-only cache.
 */
template <typename W, int M, int NB> struct Co {
    W a[M + 1], b[NB];
    __device__ __forceinline__ void setA(const W *__restrict__ p, int) {
#pragma unroll
        for (int i = 0; i <= M; i++) a[i] = __ldg(p + i);
    }
    __device__ __forceinline__ void setB(const W *__restrict__ p, int) {
#pragma unroll
        for (int i = 0; i < NB; i++) b[i] = __ldg(p + i);
    }
    __device__ __forceinline__ W A(int i) const { return a[i]; }
    __device__ __forceinline__ W B(int i) const { return b[i]; }
};
template <typename W> struct Co<W, -1, -1> {
    const W *a, *b;
    __device__ __forceinline__ void setA(const W *p, int) { a = p; }
    __device__ __forceinline__ void setB(const W *p, int) { b = p; }
    __device__ __forceinline__ W A(int i) const { return __ldg(a + i); }
    __device__ __forceinline__ W B(int i) const { return __ldg(b + i); }
};

/* contract section 2; the version-A denominator table holds |b| */
template <int VER, typename W, class C>
__device__ __forceinline__ W fwd1(const C &k, W x, const int m, const int n) {
    W p = k.A(m), q;
#pragma unroll
    for (int i = m - 1; i >= 0; i--) p = FMA(p, x, k.A(i));
    if (VER == R4J_VERSION_A || VER == R4J_VERSION_N) {
        /* Q = 1 + sum b_k xq^(k+1), xq = |x| for A (whose table holds |b|), x for N */
        const W xq = VER == R4J_VERSION_A ? ABS(x) : x;
        q = k.B(n - 1);
#pragma unroll
        for (int j = n - 2; j >= 0; j--) q = FMA(q, xq, k.B(j));
        q = FMA(q, xq, (W)1);
    } else if (VER == R4J_VERSION_B) {
        W s = k.B(n - 1);
#pragma unroll
        for (int j = n - 2; j >= 0; j--) s = FMA(s, x, k.B(j));
        s = MUL(s, x);
        q = ADD((W)1, ABS(s));
    } else { /* C */
        W s = k.B(n);
#pragma unroll
        for (int j = n - 1; j >= 0; j--) s = FMA(s, x, k.B(j));
        q = ADD(Pt1<W>::v(), ABS(s));
    }
    return DIV(p, q);
}

/* contract section 3: returns dx and adds the contributions to the lane accumulators an, ad */
template <int VER, typename W, class C, int AN, int AD>
__device__ __forceinline__ W bwd1(const C &k, W x, W g, W (&an)[AN], W (&ad)[AD], const int m,
                                  const int n, const W s0) {
    W p = k.A(m), dp = (W)0;
#pragma unroll
    for (int i = m - 1; i >= 0; i--) {
        dp = FMA(dp, x, p);
        p = FMA(p, x, k.A(i));
    }
    W q, dq, sg = (W)1, base = x;
    if (VER == R4J_VERSION_A || VER == R4J_VERSION_N) {
        /* Q and dQ/dxq with xq = |x| for A, x for N; A's dQ/dx takes sign(x) */
        const W xq = VER == R4J_VERSION_A ? ABS(x) : x;
        q = k.B(n - 1);
        dq = (W)0;
#pragma unroll
        for (int j = n - 2; j >= 0; j--) {
            dq = FMA(dq, xq, q);
            q = FMA(q, xq, k.B(j));
        }
        dq = FMA(dq, xq, q);
        q = FMA(q, xq, (W)1);
        if (VER == R4J_VERSION_A) dq = MUL(SIGN(x, s0), dq);
        base = xq;
    } else { /* B and C */
        const int top = VER == R4J_VERSION_B ? n - 1 : n;
        W s = k.B(top), ds = (W)0;
#pragma unroll
        for (int j = top - 1; j >= 0; j--) {
            ds = FMA(ds, x, s);
            s = FMA(s, x, k.B(j));
        }
        if (VER == R4J_VERSION_B) {
            ds = FMA(ds, x, s);
            s = MUL(s, x);
            q = ADD((W)1, ABS(s));
        } else {
            q = ADD(Pt1<W>::v(), ABS(s));
        }
        sg = SIGN(s, s0);
        dq = MUL(sg, ds);
    }
    const W y = DIV(p, q);
    const W t = DIV(g, q);
    const W dx = MUL(t, FMA(-y, dq, dp));
    const W u = MUL(t, y);
    const W w = (VER == R4J_VERSION_B || VER == R4J_VERSION_C) ? -MUL(u, sg) : -u;
    W pw = (W)1;
    an[0] = FMA(t, pw, an[0]);
#pragma unroll
    for (int i = 1; i <= m; i++) {
        pw = MUL(pw, x);
        an[i] = FMA(t, pw, an[i]);
    }
    pw = (W)1;
    if (VER == R4J_VERSION_C) {
        ad[0] = FMA(w, pw, ad[0]);
#pragma unroll
        for (int j = 1; j <= n; j++) {
            pw = MUL(pw, x);
            ad[j] = FMA(w, pw, ad[j]);
        }
    } else {
#pragma unroll
        for (int j = 0; j < n; j++) {
            pw = MUL(pw, base);
            ad[j] = FMA(w, pw, ad[j]);
        }
    }
    return dx;
}

/* ---------------------------------------------------------------------------------------------
 * Layout: flat element e is at position e mod P of the channel pattern (P = channels * inner);
 * the numerator group is pos / Ln and the denominator group pos / Ld, with Ln, Ld the elements
 * per group run (channels per group * inner). With P < 2^31 the divisions are multiplications.
 */
struct Layout {
    int64_t P, Ln, Ld;
    r4j_fastdiv dn, dd; /* valid when small */
    int small;
};

__device__ __forceinline__ int64_t grp(const Layout &L, int64_t pos, int num) {
    if (L.small) return (int64_t)r4j_fastdiv_apply(num ? L.dn : L.dd, (uint32_t)pos);
    return pos / (num ? L.Ln : L.Ld);
}

template <typename W> struct Coefs {
    const W *num, *den; /* [groups][m + 1], [groups][nb] (|b| for version A) */
    int m, n, nb;
    W s0;
};

constexpr int FWD_THREADS = 256, FWD_ITEMS = 8;

template <class T, int VER, int M, int NB, bool GROUPED>
__global__ void __launch_bounds__(FWD_THREADS)
    fwd_kernel(const typename T::S *__restrict__ x, typename T::S *__restrict__ y, int64_t count,
               int64_t begin, Coefs<typename T::W> cf, Layout L) {
    typedef typename T::W W;
    const int m = M >= 0 ? M : cf.m;
    const int n = M >= 0 ? (VER == R4J_VERSION_C ? NB - 1 : NB) : cf.n;
    const int nb = M >= 0 ? NB : cf.nb;
    const int64_t i0 = (int64_t)blockIdx.x * (FWD_THREADS * FWD_ITEMS) + threadIdx.x;
    Co<W, M, NB> k;
    k.setA(cf.num, m + 1);
    k.setB(cf.den, nb);
    int64_t pos = 0, step = 0, gn = 0, gd = 0;
    if (GROUPED) {
        pos = (begin + i0) % L.P;
        step = FWD_THREADS % L.P;
    }
    W xv[FWD_ITEMS];
#pragma unroll
    for (int it = 0; it < FWD_ITEMS; it++) {
        const int64_t i = i0 + (int64_t)it * FWD_THREADS;
        xv[it] = i < count ? T::load(x + i) : (W)0;
    }
#pragma unroll
    for (int it = 0; it < FWD_ITEMS; it++) {
        const int64_t i = i0 + (int64_t)it * FWD_THREADS;
        if (i < count) {
            if (GROUPED) {
                const int64_t g1 = grp(L, pos, 1), g2 = grp(L, pos, 0);
                if (g1 != gn || it == 0) k.setA(cf.num + g1 * (m + 1), m + 1);
                if (g2 != gd || it == 0) k.setB(cf.den + g2 * nb, nb);
                gn = g1;
                gd = g2;
            }
            T::store(y + i, fwd1<VER>(k, xv[it], m, n));
        }
        if (GROUPED) {
            pos += step;
            if (pos >= L.P) pos -= L.P;
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Backward pass 1. Thread (chunk, lane) of a batch of blocks starting at flat element b0.
 * Scratch cells (W): sn[chunk][lg < ngn][m + 1][16], sd[chunk][lg < ngd][nb][16].
 */
constexpr int BWD_THREADS = 256;

template <typename W> struct Scratch {
    W *sn, *sd;
    int ngn, ngd;
};

template <class T, int VER, int M, int NB, bool GROUPED>
__global__ void __launch_bounds__(BWD_THREADS)
    bwd_kernel(const typename T::S *__restrict__ x, const typename T::S *__restrict__ dy,
               typename T::S *__restrict__ dx, int64_t count, int64_t b0,
               Coefs<typename T::W> cf, Layout L, Scratch<typename T::W> sc, int64_t gnum,
               int64_t gden) {
    typedef typename T::W W;
    constexpr int AN = M >= 0 ? M + 1 : R4J_MAX_DEGREE + 1;
    constexpr int AD = M >= 0 ? NB : R4J_MAX_DEGREE + 1;
    const int m = M >= 0 ? M : cf.m;
    const int n = M >= 0 ? (VER == R4J_VERSION_C ? NB - 1 : NB) : cf.n;
    const int nb = M >= 0 ? NB : cf.nb;
    const int64_t tid = (int64_t)blockIdx.x * BWD_THREADS + threadIdx.x;
    const int64_t chunk = tid >> 4;
    const int lane = (int)(tid & 15);
    const int64_t c0 = chunk * R4J_CHUNK; /* relative to b0 */
    if (c0 >= count) return;
    const int64_t cend = count - c0 < R4J_CHUNK ? count : c0 + R4J_CHUNK;

    W an[AN], ad[AD];
#pragma unroll
    for (int i = 0; i < AN; i++) an[i] = (W)0;
#pragma unroll
    for (int i = 0; i < AD; i++) ad[i] = (W)0;
    W *const cn = sc.sn + (size_t)chunk * sc.ngn * (m + 1) * 16 + lane;
    W *const cd = sc.sd + (size_t)chunk * sc.ngd * nb * 16 + lane;

    Co<W, M, NB> k;
    int64_t pos = 0, step = 0, g0n = 0, g0d = 0, gn = 0, gd = 0;
    if (GROUPED) {
        /* +0.0 in every cell of this lane, then start in the chunk's first groups */
        for (int64_t c = 0; c < (int64_t)sc.ngn * (m + 1); c++) cn[c * 16] = (W)0;
        for (int64_t c = 0; c < (int64_t)sc.ngd * nb; c++) cd[c * 16] = (W)0;
        const int64_t p0 = (b0 + c0) % L.P;
        g0n = grp(L, p0, 1);
        g0d = grp(L, p0, 0);
        pos = (b0 + c0 + lane) % L.P;
        step = 16 % L.P;
        gn = g0n;
        gd = g0d;
    }
    k.setA(cf.num + gn * (m + 1), m + 1);
    k.setB(cf.den + gd * nb, nb);

    constexpr int U = 8; /* loads in flight per thread */
    for (int64_t e0 = c0 + lane; e0 < cend; e0 += 16 * U) {
        W xv[U], gv[U];
#pragma unroll
        for (int u = 0; u < U; u++) {
            const int64_t e = e0 + 16 * u;
            xv[u] = e < cend ? T::load(x + e) : (W)0;
            gv[u] = e < cend ? T::load(dy + e) : (W)0;
        }
#pragma unroll
        for (int u = 0; u < U; u++) {
            const int64_t e = e0 + 16 * u;
            if (e >= cend) break;
            if (GROUPED) {
                const int64_t g1 = grp(L, pos, 1), g2 = grp(L, pos, 0);
                if (g1 != gn) { /* park this group's lane sums, resume the new group's */
                    W *o = cn + (size_t)(((gn - g0n + gnum) % gnum) * (m + 1)) * 16;
                    W *ni = cn + (size_t)(((g1 - g0n + gnum) % gnum) * (m + 1)) * 16;
#pragma unroll
                    for (int i = 0; i < AN; i++)
                        if (i <= m) {
                            o[i * 16] = an[i];
                            an[i] = ni[i * 16];
                        }
                    gn = g1;
                    k.setA(cf.num + gn * (m + 1), m + 1);
                }
                if (g2 != gd) {
                    W *o = cd + (size_t)(((gd - g0d + gden) % gden) * nb) * 16;
                    W *ni = cd + (size_t)(((g2 - g0d + gden) % gden) * nb) * 16;
#pragma unroll
                    for (int i = 0; i < AD; i++)
                        if (i < nb) {
                            o[i * 16] = ad[i];
                            ad[i] = ni[i * 16];
                        }
                    gd = g2;
                    k.setB(cf.den + gd * nb, nb);
                }
                pos += step;
                if (pos >= L.P) pos -= L.P;
            }
            T::store(dx + e, bwd1<VER>(k, xv[u], gv[u], an, ad, m, n, cf.s0));
        }
    }
    /* park the last groups' sums (ungrouped: the only ones) */
    {
        W *o = cn + (size_t)(((gn - g0n + gnum) % gnum) * (m + 1)) * 16;
#pragma unroll
        for (int i = 0; i < AN; i++)
            if (i <= m) o[i * 16] = an[i];
        W *od = cd + (size_t)(((gd - g0d + gden) % gden) * nb) * 16;
#pragma unroll
        for (int i = 0; i < AD; i++)
            if (i < nb) od[i * 16] = ad[i];
    }
}

/* ---------------------------------------------------------------------------------------------
 * Backward pass 2: block partials. Grid (blocks of the batch, slot tiles of 32); thread t is
 * chunk t of the block. Slots: numerator g * (m + 1) + i, then denominator sn + g * nb + k.
 */
constexpr int RED_SLOTS = 32;

template <typename W>
__global__ void __launch_bounds__(64)
    reduce_kernel(int64_t count, int64_t b0, Layout L, Scratch<W> sc, int m, int nb,
                  int64_t gnum, int64_t gden, const double *__restrict__ sgn, double *part,
                  int64_t slots) {
    __shared__ double cp[RED_SLOTS][65];
    const int t = threadIdx.x;
    const int64_t blk = blockIdx.x, s0 = (int64_t)blockIdx.y * RED_SLOTS;
    const int64_t chunk = blk * 64 + t;
    const int64_t c0 = chunk * R4J_CHUNK;
    const bool live = c0 < count;
    int64_t g0n = 0, g0d = 0;
    if (live) {
        const int64_t p0 = (b0 + c0) % L.P;
        g0n = grp(L, p0, 1);
        g0d = grp(L, p0, 0);
    }
    const int64_t sn = gnum * (m + 1);
    for (int q = 0; q < RED_SLOTS; q++) {
        const int64_t s = s0 + q;
        double r = 0.0;
        if (live && s < slots) {
            const W *cell = nullptr;
            const double *sg = nullptr;
            if (s < sn) {
                const int64_t g = s / (m + 1), i = s % (m + 1), lg = (g - g0n + gnum) % gnum;
                if (lg < sc.ngn) cell = sc.sn + ((size_t)(chunk * sc.ngn + lg) * (m + 1) + i) * 16;
            } else {
                const int64_t g = (s - sn) / nb, k = (s - sn) % nb, lg = (g - g0d + gden) % gden;
                if (lg < sc.ngd) cell = sc.sd + ((size_t)(chunk * sc.ngd + lg) * nb + k) * 16;
                if (sgn != nullptr) sg = sgn + (s - sn);
            }
            if (cell != nullptr) { /* contract 4.3: f64 halving tree */
                double v[16];
#pragma unroll
                for (int l = 0; l < 16; l++) v[l] = (double)cell[l];
#pragma unroll
                for (int l = 0; l < 8; l++) v[l] = __dadd_rn(v[l], v[l + 8]);
#pragma unroll
                for (int l = 0; l < 4; l++) v[l] = __dadd_rn(v[l], v[l + 4]);
#pragma unroll
                for (int l = 0; l < 2; l++) v[l] = __dadd_rn(v[l], v[l + 2]);
                r = __dadd_rn(v[0], v[1]);
                if (sg != nullptr) r = __dmul_rn(r, *sg);
            }
        }
        cp[q][t] = r;
    }
    __syncthreads();
    if (t < RED_SLOTS && s0 + t < slots) { /* contract 4.4: chunk partials in chunk order */
        double bp = 0.0;
        for (int c = 0; c < 64; c++) bp = __dadd_rn(bp, cp[t][c]);
        part[blk * slots + s0 + t] = bp;
    }
}

/* Backward pass 3 (contract 4.5): G = G + P_block in block order, every slot. */
__global__ void fold_kernel(double *G, const double *__restrict__ part, int64_t blocks,
                            int64_t slots) {
    const int64_t s = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (s >= slots) return;
    double g = G[s];
    for (int64_t b = 0; b < blocks; b++) g = __dadd_rn(g, part[b * slots + s]);
    G[s] = g;
}

/* ---------------------------------------------------------------------------------------------
 * Host side.
 */
thread_local char last_error[512];

int32_t fail(int32_t status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

int32_t cuda_fail(cudaError_t e, const char *what) {
    if (e == cudaErrorNoDevice || e == cudaErrorInsufficientDriver)
        return fail(R4J_CUDA_ERR_NO_DEVICE, "%s: %s (%s)", what, cudaGetErrorString(e),
                    cudaGetErrorName(e));
    return fail(R4J_CUDA_ERR_RUNTIME, "%s: %s (%s)", what, cudaGetErrorString(e),
                cudaGetErrorName(e));
}

#define CK(call)                                                                                \
    do {                                                                                        \
        cudaError_t e_ = (call);                                                                \
        if (e_ != cudaSuccess) return cuda_fail(e_, #call);                                     \
    } while (0)

int32_t no_device_check() {
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        cudaGetLastError(); /* not sticky: clear it */
        return fail(R4J_CUDA_ERR_NO_DEVICE, "no usable CUDA device: %s (%s)",
                    cudaGetErrorString(e), cudaGetErrorName(e));
    }
    if (count == 0) return fail(R4J_CUDA_ERR_NO_DEVICE, "no CUDA device found");
    return R4J_OK;
}

size_t dtype_size(int32_t dt) { return dt == R4J_F64 ? 8 : dt == R4J_F32 ? 4 : 2; }

struct Call {
    int32_t dtype, version, m, n, nb, sgn0, num_groups, den_groups;
    int64_t outer, channels, inner, begin, end, total;
};

/* The CPU library's cheap checks (native/src/api.c), with a message naming the argument. */
int32_t check_args(Call &c, int32_t flags, const void *num, const void *den) {
    if (c.dtype < R4J_F32 || c.dtype > R4J_F16)
        return fail(R4J_ERR_ARGUMENT, "dtype %d is not one of R4J_F32/F64/BF16/F16", c.dtype);
    if (c.version < R4J_VERSION_A || c.version > R4J_VERSION_N)
        return fail(R4J_ERR_ARGUMENT, "version %d is not one of A, B, C, N", c.version);
    if (c.m < 0 || c.m > R4J_MAX_DEGREE)
        return fail(R4J_ERR_ARGUMENT, "m = %d is outside 0..%d", c.m, R4J_MAX_DEGREE);
    const int nmin = c.version == R4J_VERSION_C ? 0 : 1;
    if (c.n < nmin || c.n > R4J_MAX_DEGREE)
        return fail(R4J_ERR_ARGUMENT, "n = %d is outside %d..%d for this version", c.n, nmin,
                    R4J_MAX_DEGREE);
    if ((flags & ~R4J_FLAG_SIGN0_ZERO) != 0)
        return fail(R4J_ERR_ARGUMENT, "flags 0x%x has unknown bits", (unsigned)flags);
    if (num == nullptr || den == nullptr)
        return fail(R4J_ERR_ARGUMENT, "num or den is NULL");
    if (c.num_groups < 1 || c.den_groups < 1)
        return fail(R4J_ERR_ARGUMENT, "num_groups = %d, den_groups = %d: both must be >= 1",
                    c.num_groups, c.den_groups);
    if (c.outer < 0 || c.channels < 1 || c.inner < 1)
        return fail(R4J_ERR_ARGUMENT, "shape [%lld, %lld, %lld] is not a valid [outer, C, inner]",
                    (long long)c.outer, (long long)c.channels, (long long)c.inner);
    if (c.channels % c.num_groups != 0 || c.channels % c.den_groups != 0)
        return fail(R4J_ERR_ARGUMENT, "channels = %lld is not a multiple of num_groups = %d and "
                    "den_groups = %d", (long long)c.channels, c.num_groups, c.den_groups);
    if (c.outer > 0 && (c.channels > INT64_MAX / c.outer ||
                        c.inner > INT64_MAX / (c.outer * c.channels)))
        return fail(R4J_ERR_ARGUMENT, "outer * channels * inner overflows int64");
    c.total = c.outer * c.channels * c.inner;
    if (c.begin < 0 || c.begin > c.end || c.end > c.total)
        return fail(R4J_ERR_ARGUMENT, "range [%lld, %lld) is not inside [0, %lld]",
                    (long long)c.begin, (long long)c.end, (long long)c.total);
    c.nb = c.version == R4J_VERSION_C ? c.n + 1 : c.n;
    c.sgn0 = (flags & R4J_FLAG_SIGN0_ZERO) ? 0 : 1;
    return R4J_OK;
}

int32_t check_tensor(const void *p, const char *name, size_t es) {
    if (p == nullptr) return fail(R4J_ERR_ARGUMENT, "%s is NULL", name);
    if ((uintptr_t)p % es != 0)
        return fail(R4J_ERR_ARGUMENT, "%s = %p is not aligned to its element size %zu", name, p, es);
    return R4J_OK;
}

/* After the device is known to exist: p must be device (or managed) memory of this device. */
int32_t check_device_ptr(const void *p, const char *name) {
    cudaPointerAttributes at;
    cudaError_t e = cudaPointerGetAttributes(&at, p);
    if (e != cudaSuccess) {
        cudaGetLastError();
        return fail(R4J_CUDA_ERR_POINTER, "%s = %p: %s", name, p, cudaGetErrorString(e));
    }
    if (at.type != cudaMemoryTypeDevice && at.type != cudaMemoryTypeManaged)
        return fail(R4J_CUDA_ERR_POINTER, "%s = %p is not device memory (host or unregistered)",
                    name, p);
    int dev = 0;
    CK(cudaGetDevice(&dev));
    if (at.device != dev)
        return fail(R4J_CUDA_ERR_POINTER, "%s = %p is on device %d, the current device is %d",
                    name, p, at.device, dev);
    return R4J_OK;
}

Layout make_layout(const Call &c) {
    Layout L;
    L.P = c.channels * c.inner;
    L.Ln = c.channels / c.num_groups * c.inner;
    L.Ld = c.channels / c.den_groups * c.inner;
    L.small = L.P < ((int64_t)1 << 31);
    L.dn = r4j_fastdiv_make(L.small ? (uint32_t)L.Ln : 1u);
    L.dd = r4j_fastdiv_make(L.small ? (uint32_t)L.Ld : 1u);
    return L;
}

/* Device copy of the coefficients in W (|b| for version A), the version-A signs sign(b[k]) in
 * f64, and the gradients G; all in one stream-ordered allocation, freed by the caller. */
template <typename W> struct DevCoefs {
    void *mem;
    W *num, *den;
    double *sgn, *G;
    size_t extra_off; /* where the caller's extra space starts */
};

template <typename W>
int32_t upload(const Call &c, const void *num, const void *den, bool backward, size_t extra,
               cudaStream_t st, DevCoefs<W> &d) {
    const size_t an = (size_t)c.num_groups * (c.m + 1), bn = (size_t)c.den_groups * c.nb;
    const size_t wbytes = ((an + bn) * sizeof(W) + 255) & ~(size_t)255;
    const size_t dbytes = backward ? ((2 * bn + an) * sizeof(double) + 255) & ~(size_t)255 : 0;
    std::vector<unsigned char> host(wbytes + dbytes);
    W *hn = (W *)host.data(), *hd = hn + an;
    memcpy(hn, num, an * sizeof(W));
    for (size_t i = 0; i < bn; i++) { /* version A evaluates with |b|, as the CPU tiers */
        const W b = ((const W *)den)[i];
        hd[i] = c.version == R4J_VERSION_A ? std::fabs(b) : b;
    }
    if (backward) {
        double *sg = (double *)(host.data() + wbytes);
        for (size_t i = 0; i < bn; i++) {
            const double b = (double)((const W *)den)[i];
            sg[i] = b < 0 ? -1.0 : b > 0 ? 1.0 : b == 0 ? (double)c.sgn0 : 1.0;
        }
    }
    d.extra_off = wbytes + dbytes;
    CK(cudaMallocAsync(&d.mem, wbytes + dbytes + extra, st));
    d.num = (W *)d.mem;
    d.den = d.num + an;
    d.sgn = backward ? (double *)((char *)d.mem + wbytes) : nullptr;
    d.G = backward ? d.sgn + bn : nullptr;
    cudaError_t e = cudaMemcpyAsync(d.mem, host.data(), wbytes + dbytes, cudaMemcpyHostToDevice, st);
    if (e != cudaSuccess) {
        cudaFreeAsync(d.mem, st);
        return cuda_fail(e, "cudaMemcpyAsync (coefficients)");
    }
    return R4J_OK;
}

/* ---- kernel selection: specialised degrees, the general path for the rest ---- */

template <class T, int VER, int M, int NB, bool G>
void launch_fwd(const Call &c, const void *x, void *y, const Coefs<typename T::W> &cf,
                const Layout &L, cudaStream_t st) {
    const int64_t count = c.end - c.begin;
    const int64_t per = FWD_THREADS * FWD_ITEMS;
    const unsigned grid = (unsigned)((count + per - 1) / per);
    R4J_LAUNCH(grid, FWD_THREADS, st,
               ((const typename T::S *)x, (typename T::S *)y, count, c.begin, cf, L),
               fwd_kernel<T, VER, M, NB, G>);
}

template <class T, int VER, int M, int NB, bool G>
void launch_bwd(const void *x, const void *dy, void *dx, int64_t count, int64_t b0,
                const Coefs<typename T::W> &cf, const Layout &L,
                const Scratch<typename T::W> &sc, int64_t gn, int64_t gd, cudaStream_t st) {
    const int64_t threads = (count + R4J_CHUNK - 1) / R4J_CHUNK * 16;
    const unsigned grid = (unsigned)((threads + BWD_THREADS - 1) / BWD_THREADS);
    R4J_LAUNCH(grid, BWD_THREADS, st,
               ((const typename T::S *)x, (const typename T::S *)dy, (typename T::S *)dx, count, b0,
                cf, L, sc, gn, gd),
               bwd_kernel<T, VER, M, NB, G>);
}

/* Constant-degree kernels for (5,4), the degree of PAU's and KAT's tables, in the f32 and bf16
 * storage that training and inference run in; every other case takes the general kernel, built
 * only in its grouped form (which also covers 1/1 groups). This keeps nvcc's time modest. */
template <class T> struct Special { static constexpr bool on = false; };
template <> struct Special<TF32> { static constexpr bool on = true; };
template <> struct Special<TBF16> { static constexpr bool on = true; };

template <class T, int VER> struct Pick {
    static bool special(const Call &c) { return c.m == 5 && c.n == 4; }
    static void fwd(const Call &c, bool g, const void *x, void *y, const Coefs<typename T::W> &cf,
                    const Layout &L, cudaStream_t st) {
        if constexpr (Special<T>::on) {
            constexpr int NB = VER == R4J_VERSION_C ? 5 : 4; /* nb of (5,4) */
            if (special(c)) {
                if (g) launch_fwd<T, VER, 5, NB, true>(c, x, y, cf, L, st);
                else launch_fwd<T, VER, 5, NB, false>(c, x, y, cf, L, st);
                return;
            }
        }
        launch_fwd<T, VER, -1, -1, true>(c, x, y, cf, L, st);
    }
    static void bwd(const Call &c, bool g, const void *x, const void *dy, void *dx,
                    int64_t count, int64_t b0, const Coefs<typename T::W> &cf, const Layout &L,
                    const Scratch<typename T::W> &sc, int64_t gn, int64_t gd, cudaStream_t st) {
        if constexpr (Special<T>::on) {
            constexpr int NB = VER == R4J_VERSION_C ? 5 : 4; /* nb of (5,4) */
            if (special(c)) {
                if (g) launch_bwd<T, VER, 5, NB, true>(x, dy, dx, count, b0, cf, L, sc, gn, gd, st);
                else launch_bwd<T, VER, 5, NB, false>(x, dy, dx, count, b0, cf, L, sc, gn, gd, st);
                return;
            }
        }
        launch_bwd<T, VER, -1, -1, true>(x, dy, dx, count, b0, cf, L, sc, gn, gd, st);
    }
};

template <class T, class F> void dispatch(const Call &c, F f) {
    switch (c.version) {
    case R4J_VERSION_A: f(Pick<T, R4J_VERSION_A>()); break;
    case R4J_VERSION_B: f(Pick<T, R4J_VERSION_B>()); break;
    case R4J_VERSION_C: f(Pick<T, R4J_VERSION_C>()); break;
    default: f(Pick<T, R4J_VERSION_N>()); break;
    }
}

template <class T>
int32_t forward_t(const Call &c, const void *num, const void *den, const void *x, void *y,
                  cudaStream_t st) {
    typedef typename T::W W;
    DevCoefs<W> d;
    int32_t s = upload<W>(c, num, den, false, 0, st, d);
    if (s != R4J_OK) return s;
    const Coefs<W> cf = { d.num, d.den, c.m, c.n, c.nb, (W)c.sgn0 };
    const Layout L = make_layout(c);
    const bool grouped = c.num_groups > 1 || c.den_groups > 1;
    dispatch<T>(c, [&](auto p) { p.fwd(c, grouped, x, y, cf, L, st); });
    cudaError_t e = cudaGetLastError();
    cudaFreeAsync(d.mem, st);
    if (e != cudaSuccess) return cuda_fail(e, "forward kernel launch");
    return R4J_OK;
}

/* scratch budget per batch of blocks */
constexpr size_t BATCH_BYTES = (size_t)256 << 20;

/* groups a chunk can meet in a family with `groups` groups of `run` elements each */
int64_t chunk_groups(int64_t groups, int64_t run) {
    const int64_t runs = (R4J_CHUNK + run - 1) / run + 1;
    return groups < runs ? groups : runs;
}

template <class T>
int32_t backward_t(const Call &c, const void *num, const void *den, const void *x,
                   const void *dy, void *dx, double *grad_num, double *grad_den,
                   cudaStream_t st) {
    typedef typename T::W W;
    const Layout L = make_layout(c);
    const bool grouped = c.num_groups > 1 || c.den_groups > 1;
    const int64_t ngn = chunk_groups(c.num_groups, L.Ln), ngd = chunk_groups(c.den_groups, L.Ld);
    const int64_t cells = ngn * (c.m + 1) + ngd * c.nb; /* per chunk, times 16 lanes */
    const int64_t sn = (int64_t)c.num_groups * (c.m + 1), sd = (int64_t)c.den_groups * c.nb;
    const int64_t slots = sn + sd;
    const size_t per_block = (size_t)64 * cells * 16 * sizeof(W) + (size_t)slots * sizeof(double);
    const int64_t blocks = (c.end - c.begin + R4J_BLOCK - 1) / R4J_BLOCK;
    int64_t bpb = (int64_t)(BATCH_BYTES / per_block);
    if (bpb < 1) bpb = 1;
    if (bpb > blocks) bpb = blocks;
    if (bpb > 65535) bpb = 65535; /* reduce_kernel's grid */
    const size_t scratch = (size_t)bpb * 64 * cells * 16 * sizeof(W);
    const size_t part = (size_t)bpb * slots * sizeof(double);

    DevCoefs<W> d;
    int32_t s = upload<W>(c, num, den, true, scratch + part + 256, st, d);
    if (s != R4J_OK) return s;
    char *extra = (char *)d.mem + d.extra_off;
    Scratch<W> sc;
    sc.sn = (W *)extra;
    sc.sd = sc.sn + (size_t)bpb * 64 * ngn * (c.m + 1) * 16;
    sc.ngn = (int)ngn;
    sc.ngd = (int)ngd;
    double *P = (double *)(extra + ((scratch + 255) & ~(size_t)255));
    const Coefs<W> cf = { d.num, d.den, c.m, c.n, c.nb, (W)c.sgn0 };
    const size_t es = sizeof(typename T::S);
    cudaError_t e = cudaMemcpyAsync(d.G, grad_num, sn * sizeof(double), cudaMemcpyHostToDevice, st);
    if (e == cudaSuccess)
        e = cudaMemcpyAsync(d.G + sn, grad_den, sd * sizeof(double), cudaMemcpyHostToDevice, st);
    for (int64_t b = 0; e == cudaSuccess && b < blocks; b += bpb) {
        const int64_t b0 = c.begin + b * R4J_BLOCK;
        const int64_t count = (c.end - b0) < bpb * R4J_BLOCK ? c.end - b0 : bpb * R4J_BLOCK;
        const int64_t nblk = (count + R4J_BLOCK - 1) / R4J_BLOCK;
        const size_t off = (size_t)(b0 - c.begin) * es;
        dispatch<T>(c, [&](auto p) {
            p.bwd(c, grouped, (const char *)x + off, (const char *)dy + off, (char *)dx + off, count, b0,
                  cf, L, sc, c.num_groups, c.den_groups, st);
        });
        dim3 rg((unsigned)nblk, (unsigned)((slots + RED_SLOTS - 1) / RED_SLOTS));
        R4J_LAUNCH(rg, 64, st,
                   (count, b0, L, sc, c.m, c.nb, (int64_t)c.num_groups, (int64_t)c.den_groups,
                    c.version == R4J_VERSION_A ? d.sgn : nullptr, P, slots),
                   reduce_kernel<W>);
        R4J_LAUNCH((unsigned)((slots + 255) / 256), 256, st, (d.G, P, nblk, slots), fold_kernel);
        e = cudaGetLastError();
    }
    if (e == cudaSuccess)
        e = cudaMemcpyAsync(grad_num, d.G, sn * sizeof(double), cudaMemcpyDeviceToHost, st);
    if (e == cudaSuccess)
        e = cudaMemcpyAsync(grad_den, d.G + sn, sd * sizeof(double), cudaMemcpyDeviceToHost, st);
    cudaFreeAsync(d.mem, st);
    if (e == cudaSuccess) e = cudaStreamSynchronize(st);
    if (e != cudaSuccess) return cuda_fail(e, "backward");
    return R4J_OK;
}

} // namespace

/* ============================================================================================= */

extern "C" {

int32_t r4j_cuda_abi_version(void) { return R4J_CUDA_ABI_VERSION; }

int32_t r4j_cuda_last_error(char *buf, int32_t len) {
    const int32_t n = (int32_t)strlen(last_error);
    if (buf != nullptr && len > 0) {
        const int32_t k = n < len - 1 ? n : len - 1;
        memcpy(buf, last_error, (size_t)k);
        buf[k] = 0;
    }
    return n;
}

int32_t r4j_cuda_device_count(int32_t *count) {
    if (count == nullptr) return fail(R4J_ERR_ARGUMENT, "count is NULL");
    *count = 0;
    int c = 0;
    cudaError_t e = cudaGetDeviceCount(&c);
    if (e != cudaSuccess) {
        cudaGetLastError();
        return fail(R4J_CUDA_ERR_NO_DEVICE, "no usable CUDA device: %s (%s)",
                    cudaGetErrorString(e), cudaGetErrorName(e));
    }
    *count = c;
    if (c == 0) return fail(R4J_CUDA_ERR_NO_DEVICE, "no CUDA device found");
    return R4J_OK;
}

int32_t r4j_cuda_device_info(int32_t dev, char *name, int32_t name_len, int32_t *cc,
                             int64_t *total_mem) {
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    int count = 0;
    CK(cudaGetDeviceCount(&count));
    if (dev < 0 || dev >= count)
        return fail(R4J_ERR_ARGUMENT, "device %d is outside 0..%d", dev, count - 1);
    cudaDeviceProp p;
    CK(cudaGetDeviceProperties(&p, dev));
    if (name != nullptr && name_len > 0) {
        snprintf(name, (size_t)name_len, "%s", p.name);
    }
    if (cc != nullptr) *cc = p.major * 10 + p.minor;
    if (total_mem != nullptr) *total_mem = (int64_t)p.totalGlobalMem;
    return R4J_OK;
}

int32_t r4j_cuda_versions(int32_t *runtime, int32_t *driver) {
    int r = 0, d = 0;
    if (cudaRuntimeGetVersion(&r) != cudaSuccess) r = 0;
    if (cudaDriverGetVersion(&d) != cudaSuccess) d = 0;
    cudaGetLastError();
    if (runtime != nullptr) *runtime = r;
    if (driver != nullptr) *driver = d;
    return R4J_OK;
}

int32_t r4j_cuda_set_device(int32_t dev) {
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    CK(cudaSetDevice(dev));
    return R4J_OK;
}

int32_t r4j_cuda_malloc(int64_t bytes, void **ptr) {
    if (ptr == nullptr || bytes < 0)
        return fail(R4J_ERR_ARGUMENT, "r4j_cuda_malloc: ptr NULL or bytes = %lld < 0",
                    (long long)bytes);
    *ptr = nullptr;
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    cudaError_t e = cudaMalloc(ptr, (size_t)(bytes > 0 ? bytes : 1));
    if (e == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        return fail(R4J_ERR_NO_MEMORY, "cudaMalloc(%lld): out of device memory", (long long)bytes);
    }
    if (e != cudaSuccess) return cuda_fail(e, "cudaMalloc");
    return R4J_OK;
}

int32_t r4j_cuda_free(void *ptr) {
    if (ptr == nullptr) return R4J_OK;
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    CK(cudaFree(ptr));
    return R4J_OK;
}

int32_t r4j_cuda_memcpy(void *dst, const void *src, int64_t bytes, int32_t kind, void *stream) {
    if (bytes < 0 || (bytes > 0 && (dst == nullptr || src == nullptr)) || kind < 1 || kind > 3)
        return fail(R4J_ERR_ARGUMENT, "r4j_cuda_memcpy: bytes = %lld, kind = %d, dst %p, src %p",
                    (long long)bytes, kind, dst, src);
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    if (bytes == 0) return R4J_OK;
    const cudaMemcpyKind k = kind == 1 ? cudaMemcpyHostToDevice
                             : kind == 2 ? cudaMemcpyDeviceToHost : cudaMemcpyDeviceToDevice;
    CK(cudaMemcpyAsync(dst, src, (size_t)bytes, k, (cudaStream_t)stream));
    CK(cudaStreamSynchronize((cudaStream_t)stream));
    return R4J_OK;
}

int32_t r4j_cuda_stream_create(void **stream) {
    if (stream == nullptr) return fail(R4J_ERR_ARGUMENT, "stream is NULL");
    *stream = nullptr;
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    cudaStream_t st;
    CK(cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking));
    *stream = (void *)st;
    return R4J_OK;
}

int32_t r4j_cuda_stream_destroy(void *stream) {
    if (stream == nullptr) return R4J_OK;
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    CK(cudaStreamDestroy((cudaStream_t)stream));
    return R4J_OK;
}

int32_t r4j_cuda_stream_synchronize(void *stream) {
    int32_t s = no_device_check();
    if (s != R4J_OK) return s;
    CK(cudaStreamSynchronize((cudaStream_t)stream));
    return R4J_OK;
}

int32_t r4j_cuda_forward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                         const void *num, int32_t num_groups, const void *den,
                         int32_t den_groups, int64_t outer, int64_t channels, int64_t inner,
                         const void *x, void *y, int64_t begin, int64_t end, void *stream) {
    Call c = { dtype, version, m, n, 0, 0, num_groups, den_groups, outer, channels, inner,
               begin, end, 0 };
    int32_t s = check_args(c, flags, num, den);
    if (s != R4J_OK || begin == end) return s;
    const size_t es = dtype_size(dtype);
    if ((s = check_tensor(x, "x", es)) != R4J_OK || (s = check_tensor(y, "y", es)) != R4J_OK)
        return s;
    if ((s = no_device_check()) != R4J_OK) return s;
    if ((s = check_device_ptr(x, "x")) != R4J_OK || (s = check_device_ptr(y, "y")) != R4J_OK)
        return s;
    const cudaStream_t st = (cudaStream_t)stream;
    switch (dtype) {
    case R4J_F32: return forward_t<TF32>(c, num, den, x, y, st);
    case R4J_F64: return forward_t<TF64>(c, num, den, x, y, st);
    case R4J_BF16: return forward_t<TBF16>(c, num, den, x, y, st);
    default: return forward_t<TF16>(c, num, den, x, y, st);
    }
}

int32_t r4j_cuda_backward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                          const void *num, int32_t num_groups, const void *den,
                          int32_t den_groups, int64_t outer, int64_t channels, int64_t inner,
                          const void *x, const void *dy, void *dx, int64_t begin, int64_t end,
                          double *grad_num, double *grad_den, void *stream) {
    Call c = { dtype, version, m, n, 0, 0, num_groups, den_groups, outer, channels, inner,
               begin, end, 0 };
    int32_t s = check_args(c, flags, num, den);
    if (s != R4J_OK) return s;
    if (begin % R4J_BLOCK != 0 || (end % R4J_BLOCK != 0 && end != c.total))
        return fail(R4J_ERR_ARGUMENT, "backward range [%lld, %lld): begin must be a multiple of "
                    "%d and end a multiple of it or %lld", (long long)begin, (long long)end,
                    R4J_BLOCK, (long long)c.total);
    if (begin == end) return R4J_OK;
    if (grad_num == nullptr || grad_den == nullptr)
        return fail(R4J_ERR_ARGUMENT, "grad_num or grad_den is NULL");
    const size_t es = dtype_size(dtype);
    if ((s = check_tensor(x, "x", es)) != R4J_OK || (s = check_tensor(dy, "dy", es)) != R4J_OK ||
        (s = check_tensor(dx, "dx", es)) != R4J_OK)
        return s;
    if ((s = no_device_check()) != R4J_OK) return s;
    if ((s = check_device_ptr(x, "x")) != R4J_OK || (s = check_device_ptr(dy, "dy")) != R4J_OK ||
        (s = check_device_ptr(dx, "dx")) != R4J_OK)
        return s;
    const cudaStream_t st = (cudaStream_t)stream;
    switch (dtype) {
    case R4J_F32: return backward_t<TF32>(c, num, den, x, dy, dx, grad_num, grad_den, st);
    case R4J_F64: return backward_t<TF64>(c, num, den, x, dy, dx, grad_num, grad_den, st);
    case R4J_BF16: return backward_t<TBF16>(c, num, den, x, dy, dx, grad_num, grad_den, st);
    default: return backward_t<TF16>(c, num, den, x, dy, dx, grad_num, grad_den, st);
    }
}

} // extern "C"
