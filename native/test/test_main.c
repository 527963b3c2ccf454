/*
 * C tests of librational4j.
 *   r4j_test tier scalar|avx2|avx512   one forced tier against the reference vectors and an
 *                                      independent f64 evaluation (a tier the CPU lacks: the cap must fall back to the best one)
 *   r4j_test bits                      bit equality of every tier with the scalar tier, of
 *                                      sub-range splits, in-place calls, special values
 *   r4j_test convert                   bf16/f16 conversions of every tier against software RNE
 *   r4j_test abi                       1-3 byte pointer offsets, refused headers
 *   r4j_test envcap <tier> [warn]      the cap read from RATIONAL4J_MAX_ISA
 *   r4j_test golden write|check FILE   cross-platform bits (golden.h)
 * Tier names are this architecture's (r4j_isa_name): scalar|avx2|avx512 or scalar|neon|sve.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include "internal.h" /* software conversions only (static inline) */
#include "rational4j.h"
#include "vectors_json.h" /* native/test */

static int failures = 0;
#define FAIL(...)                                                                                 \
    do {                                                                                          \
        if (failures < 30) { fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                \
                             fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); }                \
        failures++;                                                                               \
    } while (0)

static const char *DT_NAME[] = { "f32", "f64", "bf16", "f16" };
static const char *VER_NAME = "ABCN";
/* tier names come from the library (r4j_isa_name): per architecture */
#define ISA_NAME_OF(t) r4j_isa_name(t)

/* ------------------------------------------------------------------ random numbers */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}
static double uni(double lo, double hi) { return lo + (hi - lo) * ((next_u64() >> 11) * 0x1p-53); }

/* ------------------------------------------------------------------ typed buffers */
static size_t esize(int dt) { return dt == R4J_F64 ? 8 : dt == R4J_F32 ? 4 : 2; }
static double get(int dt, const void *p, int64_t i) {
    switch (dt) {
    case R4J_F32: return ((const float *)p)[i];
    case R4J_F64: return ((const double *)p)[i];
    case R4J_BF16: return r4j_bf16_to_f32(((const uint16_t *)p)[i]);
    default: return r4j_f16_to_f32(((const uint16_t *)p)[i]);
    }
}
static void put(int dt, void *p, int64_t i, double v) {
    switch (dt) {
    case R4J_F32: ((float *)p)[i] = (float)v; break;
    case R4J_F64: ((double *)p)[i] = v; break;
    case R4J_BF16: ((uint16_t *)p)[i] = r4j_f32_to_bf16((float)v); break;
    default: ((uint16_t *)p)[i] = r4j_f32_to_f16((float)v); break;
    }
}
/* bit equality, any NaN equal to any NaN */
static int same_bits(int dt, const void *a, const void *b, int64_t n, int64_t *where) {
    for (int64_t i = 0; i < n; i++) {
        double x = get(dt, a, i), y = get(dt, b, i);
        int eq;
        if (isnan(x) || isnan(y)) eq = isnan(x) && isnan(y);
        else eq = memcmp((const char *)a + i * esize(dt), (const char *)b + i * esize(dt), esize(dt)) == 0;
        if (!eq) { *where = i; return 0; }
    }
    return 1;
}
static int same_f64(const double *a, const double *b, int64_t n, int64_t *where) {
    return same_bits(R4J_F64, a, b, n, where);
}

/* ------------------------------------------------------------------ f64 reference */
/* Straight from the definitions (sums of powers, not Horner), plus "absolute" versions of each
 * quantity that bound the rounding error of any evaluation order. */
typedef struct {
    double y, dx, ey, edx;          /* values and their error scales */
    double da[17], db[17], eda[17], edb[17];
} refout;

static double sgnf(double v, int sgn0) { return v < 0 ? -1 : v > 0 ? 1 : v == 0 ? sgn0 : 1; }

static void ref_eval(int ver, int m, int n, const double *a, const double *b, double x, double g,
                     int sgn0, refout *o) {
    int nb = ver == R4J_VERSION_C ? n + 1 : n;
    double P = 0, dP = 0, Pa = 0, dPa = 0, ax = fabs(x);
    for (int i = 0; i <= m; i++) {
        P += a[i] * pow(x, i);
        Pa += fabs(a[i]) * pow(ax, i);
        if (i) { dP += i * a[i] * pow(x, i - 1); dPa += i * fabs(a[i]) * pow(ax, i - 1); }
    }
    double Q, dQ, Qa, dQa, S = 0, dS = 0, dQdb[17];
    Qa = 0; dQa = 0;
    for (int k = 0; k < nb; k++) {
        int e = ver == R4J_VERSION_C ? k : k + 1;
        double bk = ver == R4J_VERSION_A ? fabs(b[k]) : b[k];
        double base = ver == R4J_VERSION_A ? ax : x;
        S += bk * pow(base, e);
        Qa += fabs(b[k]) * pow(ax, e);
        if (e) { dS += e * bk * pow(base, e - 1); dQa += e * fabs(b[k]) * pow(ax, e - 1); }
    }
    switch (ver) {
    case R4J_VERSION_A:
        Q = 1 + S; dQ = sgnf(x, sgn0) * dS; Qa += 1;
        for (int k = 0; k < nb; k++) dQdb[k] = sgnf(b[k], sgn0) * pow(ax, k + 1);
        break;
    case R4J_VERSION_B:
        Q = 1 + fabs(S); dQ = sgnf(S, sgn0) * dS; Qa += 1;
        for (int k = 0; k < nb; k++) dQdb[k] = sgnf(S, sgn0) * pow(x, k + 1);
        break;
    case R4J_VERSION_C:
        Q = 0.1 + fabs(S); dQ = sgnf(S, sgn0) * dS; Qa += 0.1;
        for (int k = 0; k < nb; k++) dQdb[k] = sgnf(S, sgn0) * pow(x, k);
        break;
    default:
        Q = 1 + S; dQ = dS; Qa += 1;
        for (int k = 0; k < nb; k++) dQdb[k] = pow(x, k + 1);
        break;
    }
    double aq = fabs(Q), rq = Qa / aq;
    o->y = P / Q;
    o->ey = (Pa + fabs(o->y) * Qa) / aq;
    o->dx = g * (dP - o->y * dQ) / Q;
    o->edx = fabs(g) / aq * (dPa + o->ey * fabs(dQ) + fabs(o->y) * dQa) + fabs(o->dx) * rq;
    for (int i = 0; i <= m; i++) {
        o->da[i] = g * pow(x, i) / Q;
        o->eda[i] = fabs(o->da[i]) * (1 + rq);
    }
    for (int k = 0; k < nb; k++) {
        o->db[k] = -g * o->y / Q * dQdb[k];
        o->edb[k] = fabs(g) / aq * (fabs(o->y) + o->ey) * (1 + rq) * fabs(dQdb[k]);
    }
}

/* tolerances: rt for computation in W, rout for the rounding of the stored output */
static void tol_for(int dt, double *rt, double *rout, double *floor_) {
    switch (dt) {
    case R4J_F64: *rt = 1e-12; *rout = 0; *floor_ = 1e-300; break;
    case R4J_F32: *rt = 2e-5; *rout = 0; *floor_ = 1e-37; break;
    case R4J_BF16: *rt = 2e-5; *rout = 1.0 / 128; *floor_ = 1e-37; break;
    default: *rt = 2e-5; *rout = 1.0 / 1024; *floor_ = 1e-7; break;
    }
}
static int close_to(double got, double ref, double scale, double rt, double rout, double fl) {
    if (isnan(ref) || isnan(got)) return isnan(ref) && isnan(got);
    return fabs(got - ref) <= rt * (scale + fabs(ref)) + rout * fabs(ref) + fl;
}

/* ------------------------------------------------------------------ reference vectors */
static void test_vectors(void) {
    char *js = slurp(R4J_VECTORS_JSON);
    if (!js) { FAIL("cannot read %s", R4J_VECTORS_JSON); return; }
    int ncases = 0;
    for (const char *c = json_next_case(js); c; c = json_next_case(c + 1), ncases++) {
        const char *end = json_case_end(c);
        int ver = json_case_version(c, end);
        if (ver < 0) { FAIL("vectors case %d: no version A, B, C or N", ncases); continue; }
        double a[17], b[17], xs[64], ys[64], dxs[64], dnum[64 * 17], dden[64 * 17];
        int na = json_numbers(c, end, "numerator", a, 17), nbd = json_numbers(c, end, "denominator", b, 17);
        int nx_ = json_numbers(c, end, "x", xs, 64);
        json_numbers(c, end, "y", ys, 64);
        json_numbers(c, end, "dy_dx", dxs, 64);
        json_numbers(c, end, "dy_dnumerator", dnum, 64 * 17);
        json_numbers(c, end, "dy_ddenominator", dden, 64 * 17);
        int m = na - 1, n = ver == R4J_VERSION_C ? nbd - 1 : nbd;
        for (int i = 0; i < nx_; i++) {
            /* our f64 reference must agree with the published vectors */
            refout r;
            ref_eval(ver, m, n, a, b, xs[i], 1.0, 1, &r);
            if (!close_to(r.y, ys[i], r.ey, 1e-12, 0, 1e-300) ||
                !close_to(r.dx, dxs[i], r.edx, 1e-12, 0, 1e-300))
                FAIL("reference disagrees with vectors: case %d x=%g", ncases, xs[i]);
            for (int dt = 0; dt < 4; dt++) {
                double rt, rout, fl;
                tol_for(dt, &rt, &rout, &fl);
                float af[17], bf[17];
                double ad[17], bd[17], aw[17], bw[17];
                for (int k = 0; k < na; k++) { af[k] = (float)a[k]; ad[k] = a[k]; }
                for (int k = 0; k < nbd; k++) { bf[k] = (float)b[k]; bd[k] = b[k]; }
                const void *num = dt == R4J_F64 ? (const void *)ad : (const void *)af;
                const void *den = dt == R4J_F64 ? (const void *)bd : (const void *)bf;
                for (int k = 0; k < na; k++) aw[k] = dt == R4J_F64 ? ad[k] : af[k];
                for (int k = 0; k < nbd; k++) bw[k] = dt == R4J_F64 ? bd[k] : bf[k];
                unsigned char xb[8], yb[8], gb[8], dxb[8];
                put(dt, xb, 0, xs[i]);
                put(dt, gb, 0, 1.0);
                double xw = get(dt, xb, 0);
                if ((dt == R4J_F16) && fabs(xs[i]) > 8) continue; /* y may overflow f16 */
                ref_eval(ver, m, n, aw, bw, xw, 1.0, 1, &r); /* exactly the W inputs */
                double gn[17] = { 0 }, gd[17] = { 0 };
                if (r4j_forward(dt, ver, m, n, 0, num, 1, den, 1, 1, 1, 1, xb, yb, 0, 1) != R4J_OK ||
                    r4j_backward(dt, ver, m, n, 0, num, 1, den, 1, 1, 1, 1, xb, gb, dxb, 0, 1, gn, gd) != R4J_OK) {
                    FAIL("call failed");
                    continue;
                }
                if (!close_to(get(dt, yb, 0), r.y, r.ey, rt, rout, fl))
                    FAIL("vectors %s case %d %s x=%g: y %.17g vs %.17g", DT_NAME[dt], ncases, "", xs[i], get(dt, yb, 0), r.y);
                if (!close_to(get(dt, dxb, 0), r.dx, r.edx, rt, rout, fl))
                    FAIL("vectors %s case %d x=%g: dx %.17g vs %.17g", DT_NAME[dt], ncases, xs[i], get(dt, dxb, 0), r.dx);
                for (int k = 0; k <= m; k++)
                    if (!close_to(gn[k], r.da[k], r.eda[k], rt, 0, fl))
                        FAIL("vectors %s case %d x=%g: da[%d] %.17g vs %.17g", DT_NAME[dt], ncases, xs[i], k, gn[k], r.da[k]);
                for (int k = 0; k < nbd; k++)
                    if (!close_to(gd[k], r.db[k], r.edb[k], rt, 0, fl))
                        FAIL("vectors %s case %d x=%g: db[%d] %.17g vs %.17g", DT_NAME[dt], ncases, xs[i], k, gd[k], r.db[k]);
                /* and the f64 kernels against the published values directly */
                if (dt == R4J_F64) {
                    if (!close_to(gn[0], dnum[i * na], r.eda[0], 1e-12, 0, 1e-300))
                        FAIL("vectors case %d x=%g: da[0] vs json", ncases, xs[i]);
                    if (!close_to(gd[0], dden[i * nbd], r.edb[0], 1e-12, 0, 1e-300))
                        FAIL("vectors case %d x=%g: db[0] %.17g vs json %.17g", ncases, xs[i], gd[0], dden[i * nbd]);
                }
            }
        }
    }
    if (ncases != 16) FAIL("expected 16 cases in the vectors, parsed %d", ncases);
    free(js);
}

/* ------------------------------------------------------------------ a test problem */
typedef struct {
    int dt, ver, m, n, flags;
    int64_t outer, C, inner;
    int ng, nd;
    int64_t N;
    void *num, *den;      /* W coefficients */
    double *numd, *dend;  /* the same values in f64 */
    void *x, *dy;         /* storage, N elements (+ misalignment offset inside the allocation) */
    void *xalloc, *dyalloc;
} problem;

static int nb_of(int ver, int n) { return ver == R4J_VERSION_C ? n + 1 : n; }

/* coefficients that keep Q away from 0 on |x| <= 1.5 for N (others are safe) */
static void make_problem(problem *p, int dt, int ver, int m, int n, int flags, int64_t outer,
                         int64_t C, int64_t inner, int ng, int nd, int mis, double xr) {
    memset(p, 0, sizeof *p);
    p->dt = dt; p->ver = ver; p->m = m; p->n = n; p->flags = flags;
    p->outer = outer; p->C = C; p->inner = inner; p->ng = ng; p->nd = nd;
    p->N = outer * C * inner;
    int nb = nb_of(ver, n);
    size_t ws = dt == R4J_F64 ? 8 : 4;
    p->num = malloc(ws * (size_t)ng * (m + 1));
    p->den = malloc(ws * (size_t)nd * nb);
    p->numd = malloc(8 * (size_t)ng * (m + 1));
    p->dend = malloc(8 * (size_t)nd * nb);
    for (int i = 0; i < ng * (m + 1); i++) {
        double v = uni(-1, 1);
        if ((next_u64() & 15) == 0) v = 0;
        if (ws == 4) { ((float *)p->num)[i] = (float)v; v = (float)v; } else ((double *)p->num)[i] = v;
        p->numd[i] = v;
    }
    for (int i = 0; i < nd * nb; i++) {
        double v = uni(-1, 1);
        if (ver == R4J_VERSION_N) v *= 0.25 / (nb * pow(1.5, i % nb + 1));
        if ((next_u64() & 15) == 0) v = 0;
        if (ws == 4) { ((float *)p->den)[i] = (float)v; v = (float)v; } else ((double *)p->den)[i] = v;
        p->dend[i] = v;
    }
    size_t es = esize(dt);
    p->xalloc = malloc(es * (size_t)(p->N + 16));
    p->dyalloc = malloc(es * (size_t)(p->N + 16));
    p->x = (char *)p->xalloc + es * (size_t)mis;
    p->dy = (char *)p->dyalloc + es * (size_t)((mis * 7) % 16);
    for (int64_t i = 0; i < p->N; i++) {
        double v = uni(-xr, xr);
        if ((next_u64() & 63) == 0) v = 0;
        if ((next_u64() & 127) == 0) v = -0.0;
        put(dt, p->x, i, v);
        put(dt, p->dy, i, uni(-2, 2));
    }
}
static void free_problem(problem *p) {
    free(p->num); free(p->den); free(p->numd); free(p->dend); free(p->xalloc); free(p->dyalloc);
}

static int64_t chan(const problem *p, int64_t e) { return (e / p->inner) % p->C; }

/* compare a forward and a backward of the active tier with the f64 reference */
static void check_against_reference(problem *p, const char *what) {
    int dt = p->dt, nb = nb_of(p->ver, p->n), sgn0 = (p->flags & R4J_FLAG_SIGN0_ZERO) ? 0 : 1;
    size_t es = esize(dt);
    void *y = malloc(es * (size_t)p->N + 1), *dx = malloc(es * (size_t)p->N + 1);
    double *gn = calloc((size_t)p->ng * (p->m + 1), 8), *gd = calloc((size_t)p->nd * nb, 8);
    double *rn = calloc((size_t)p->ng * (p->m + 1), 8), *rd = calloc((size_t)p->nd * nb, 8);
    double *en = calloc((size_t)p->ng * (p->m + 1), 8), *ed = calloc((size_t)p->nd * nb, 8);
    int rc1 = r4j_forward(dt, p->ver, p->m, p->n, p->flags, p->num, p->ng, p->den, p->nd,
                          p->outer, p->C, p->inner, p->x, y, 0, p->N);
    int rc2 = r4j_backward(dt, p->ver, p->m, p->n, p->flags, p->num, p->ng, p->den, p->nd,
                           p->outer, p->C, p->inner, p->x, p->dy, dx, 0, p->N, gn, gd);
    if (rc1 != R4J_OK || rc2 != R4J_OK) FAIL("%s: status %d %d", what, rc1, rc2);
    double rt, rout, fl;
    tol_for(dt, &rt, &rout, &fl);
    int bad = 0;
    for (int64_t e = 0; e < p->N; e++) {
        int64_t c = chan(p, e), gnum = c / (p->C / p->ng), gden = c / (p->C / p->nd);
        refout r;
        ref_eval(p->ver, p->m, p->n, p->numd + gnum * (p->m + 1), p->dend + gden * nb,
                 get(dt, p->x, e), get(dt, p->dy, e), sgn0, &r);
        if (!close_to(get(dt, y, e), r.y, r.ey, rt, rout, fl) && bad++ < 3)
            FAIL("%s %s %c(%d,%d) e=%lld x=%.9g: y %.9g vs %.9g", what, DT_NAME[dt], VER_NAME[p->ver],
                 p->m, p->n, (long long)e, get(dt, p->x, e), get(dt, y, e), r.y);
        if (!close_to(get(dt, dx, e), r.dx, r.edx, rt, rout, fl) && bad++ < 3)
            FAIL("%s %s %c(%d,%d) e=%lld x=%.9g: dx %.9g vs %.9g", what, DT_NAME[dt], VER_NAME[p->ver],
                 p->m, p->n, (long long)e, get(dt, p->x, e), get(dt, dx, e), r.dx);
        for (int i = 0; i <= p->m; i++) { rn[gnum * (p->m + 1) + i] += r.da[i]; en[gnum * (p->m + 1) + i] += r.eda[i]; }
        for (int k = 0; k < nb; k++) { rd[gden * nb + k] += r.db[k]; ed[gden * nb + k] += r.edb[k]; }
    }
    for (int i = 0; i < p->ng * (p->m + 1); i++)
        if (!close_to(gn[i], rn[i], en[i], rt, 0, 1e-30) && bad++ < 6)
            FAIL("%s %s %c(%d,%d) N=%lld: grad_num[%d] %.12g vs %.12g", what, DT_NAME[dt], VER_NAME[p->ver],
                 p->m, p->n, (long long)p->N, i, gn[i], rn[i]);
    for (int i = 0; i < p->nd * nb; i++)
        if (!close_to(gd[i], rd[i], ed[i], rt, 0, 1e-30) && bad++ < 6)
            FAIL("%s %s %c(%d,%d) N=%lld: grad_den[%d] %.12g vs %.12g", what, DT_NAME[dt], VER_NAME[p->ver],
                 p->m, p->n, (long long)p->N, i, gd[i], rd[i]);
    free(y); free(dx); free(gn); free(gd); free(rn); free(rd); free(en); free(ed);
}

typedef struct { int64_t outer, C, inner; int ng, nd; } shape;
static const shape SHAPES[] = {
    { 1, 1, 1, 1, 1 },      { 1, 1, 15, 1, 1 },   { 17, 1, 1, 1, 1 },     { 1023, 1, 1, 1, 1 },
    { 5, 205, 1, 1, 1 },    { 65537, 1, 1, 1, 1 }, { 129, 8, 1, 1, 8 },   { 3, 16, 7, 16, 16 },
    { 2, 24, 1366, 1, 8 },  { 4097, 16, 1, 16, 16 }, { 1, 3, 21846, 3, 3 }, { 3, 4, 5462, 2, 4 },
    /* short runs on channels last (api.c's short-run path in the vector tiers) */
    { 37, 17, 1, 17, 17 },  { 5, 48, 2, 24, 12 },  { 91, 768, 1, 768, 768 }, { 33, 3, 1, 3, 3 },
    { 7, 9, 1, 3, 9 },      { 5, 768, 1, 768, 1 },
};
#define NSHAPES (int)(sizeof SHAPES / sizeof SHAPES[0])

static void test_random(void) {
    char what[64];
    /* every version and degree pair, small tensors, f32 and f64 (bf16/f16 on a subset) */
    for (int ver = 0; ver < 4; ver++)
        for (int m = 0; m <= 16; m++)
            for (int n = ver == R4J_VERSION_C ? 0 : 1; n <= 16; n++) {
                int dt = (m + n) % 4;
                problem p;
                make_problem(&p, dt, ver, m, n, (m * 3 + n) % 5 == 0 ? R4J_FLAG_SIGN0_ZERO : 0,
                             3, 4, 3 + (m + n) % 9, 1, 2, (m + n) % 16, 1.25);
                snprintf(what, sizeof what, "degrees");
                check_against_reference(&p, what);
                free_problem(&p);
            }
    /* layouts, lengths, groups and misalignments with a few degree pairs */
    static const int DEG[][2] = { { 5, 4 }, { 3, 2 }, { 0, 1 }, { 16, 16 }, { 7, 6 } };
    for (int s = 0; s < NSHAPES; s++)
        for (int d = 0; d < 5; d++) {
            int ver = (s + d) % 4, dt = (s * 5 + d) % 4;
            int big = SHAPES[s].outer * SHAPES[s].C * SHAPES[s].inner > 5000;
            if (big && d >= 2 && d != (s % 5)) continue; /* keep run time down */
            problem p;
            make_problem(&p, dt, ver, DEG[d][0], DEG[d][1], d == 2 ? R4J_FLAG_SIGN0_ZERO : 0,
                         SHAPES[s].outer, SHAPES[s].C, SHAPES[s].inner, SHAPES[s].ng, SHAPES[s].nd,
                         (s + d) % 16, 1.5);
            snprintf(what, sizeof what, "shape %d", s);
            check_against_reference(&p, what);
            free_problem(&p);
        }
}

/* special values: IEEE results and no crash; NaN in gives NaN out */
static void test_specials(void) {
    static const float XS[] = { NAN, INFINITY, -INFINITY, 1e30f, -1e30f, 3e38f, 1e-40f, -1e-40f,
                                1e-45f, 0.0f, -0.0f, 65504.0f, 1e5f, 2.5f, -7.5f, 20.0f };
    for (int dt = 0; dt < 4; dt++)
        for (int ver = 0; ver < 4; ver++) {
            int m = 5, n = 4, nb = nb_of(ver, n);
            float a[6] = { 0.1f, 1.0f, 0.5f, 0.2f, 0.01f, 0.001f }, b[5] = { 0.5f, -0.2f, 0, 0.05f, 0.01f };
            double ad[6], bd[5];
            for (int i = 0; i < 6; i++) ad[i] = a[i];
            for (int i = 0; i < 5; i++) bd[i] = b[i];
            const void *num = dt == R4J_F64 ? (void *)ad : (void *)a, *den = dt == R4J_F64 ? (void *)bd : (void *)b;
            enum { L = 16 * 3 };
            unsigned char x[L * 8], y[L * 8], dx[L * 8], g[L * 8];
            for (int i = 0; i < L; i++) { put(dt, x, i, XS[i % 16]); put(dt, g, i, i % 5 == 0 ? NAN : 1.0); }
            double gn[6] = { 0 }, gd[5] = { 0 };
            if (r4j_forward(dt, ver, m, n, 0, num, 1, den, 1, 1, 1, L, x, y, 0, L) != R4J_OK ||
                r4j_backward(dt, ver, m, n, 0, num, 1, den, 1, 1, 1, L, x, g, dx, 0, L, gn, gd) != R4J_OK)
                FAIL("special values: status");
            for (int i = 0; i < L; i++)
                if (isnan(get(dt, x, i)) && !isnan(get(dt, y, i))) FAIL("NaN in, not NaN out");
            (void)nb;
        }
}

/* contract 4.5: every slot takes every block's partial, so -0.0 in G becomes +0.0 even for a
 * group with no element in the call's blocks */
static void test_untouched_group(void) {
    enum { INNER = R4J_BLOCK };
    float *x = calloc(2 * INNER, 4), *g = calloc(2 * INNER, 4), *dx = malloc(4 * 2 * INNER);
    float a[2 * 3] = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f }, b[2 * 2] = { 0.5f, 0.25f, -0.5f, 0.125f };
    double gn[6], gd[4];
    for (int i = 0; i < 6; i++) gn[i] = -0.0;
    for (int i = 0; i < 4; i++) gd[i] = -0.0;
    for (int i = 0; i < INNER; i++) { x[i] = 0.5f; g[i] = 1.0f; }
    /* [1, 2, 65536]: the call covers block 0 = channel 0 only */
    if (r4j_backward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 2, b, 2, 1, 2, INNER, x, g, dx, 0, INNER, gn, gd) != R4J_OK)
        FAIL("untouched group: status");
    for (int i = 3; i < 6; i++) if (signbit(gn[i]) || gn[i] != 0) FAIL("untouched group: grad_num[%d] = %g, want +0.0", i, gn[i]);
    for (int i = 2; i < 4; i++) if (signbit(gd[i]) || gd[i] != 0) FAIL("untouched group: grad_den[%d] = %g, want +0.0", i, gd[i]);
    if (!(gn[0] > 0)) FAIL("untouched group: touched group has no gradient");
    free(x); free(g); free(dx);
}

/* ------------------------------------------------------------------ bit equality */
typedef struct {
    void *y, *dx;
    double *gn, *gd;
} results;

static void run_all(const problem *p, results *r, int64_t split_fwd) {
    size_t es = esize(p->dt);
    int nb = nb_of(p->ver, p->n);
    r->y = malloc(es * (size_t)p->N + 1);
    r->dx = malloc(es * (size_t)p->N + 1);
    r->gn = calloc((size_t)p->ng * (p->m + 1), 8);
    r->gd = calloc((size_t)p->nd * nb, 8);
    int64_t cut = split_fwd < p->N ? split_fwd : p->N;
    int rc = r4j_forward(p->dt, p->ver, p->m, p->n, p->flags, p->num, p->ng, p->den, p->nd, p->outer,
                         p->C, p->inner, p->x, r->y, 0, cut);
    rc |= r4j_forward(p->dt, p->ver, p->m, p->n, p->flags, p->num, p->ng, p->den, p->nd, p->outer,
                      p->C, p->inner, (char *)p->x + es * cut, (char *)r->y + es * cut, cut, p->N);
    rc |= r4j_backward(p->dt, p->ver, p->m, p->n, p->flags, p->num, p->ng, p->den, p->nd, p->outer,
                       p->C, p->inner, p->x, p->dy, r->dx, 0, p->N, r->gn, r->gd);
    if (rc != R4J_OK) FAIL("status in run_all");
}
static void free_results(results *r) { free(r->y); free(r->dx); free(r->gn); free(r->gd); }

static void compare(const problem *p, const results *a, const results *b, const char *what) {
    int64_t w;
    int nb = nb_of(p->ver, p->n);
    if (!same_bits(p->dt, a->y, b->y, p->N, &w))
        FAIL("%s: y differs %s %c(%d,%d) N=%lld at %lld", what, DT_NAME[p->dt], VER_NAME[p->ver], p->m, p->n, (long long)p->N, (long long)w);
    if (!same_bits(p->dt, a->dx, b->dx, p->N, &w))
        FAIL("%s: dx differs %s %c(%d,%d) N=%lld at %lld", what, DT_NAME[p->dt], VER_NAME[p->ver], p->m, p->n, (long long)p->N, (long long)w);
    if (!same_f64(a->gn, b->gn, p->ng * (p->m + 1), &w))
        FAIL("%s: grad_num differs %s %c(%d,%d) N=%lld at %lld: %.17g %.17g", what, DT_NAME[p->dt], VER_NAME[p->ver], p->m, p->n, (long long)p->N, (long long)w, a->gn[w], b->gn[w]);
    if (!same_f64(a->gd, b->gd, p->nd * nb, &w))
        FAIL("%s: grad_den differs %s %c(%d,%d) N=%lld at %lld: %.17g %.17g", what, DT_NAME[p->dt], VER_NAME[p->ver], p->m, p->n, (long long)p->N, (long long)w, a->gd[w], b->gd[w]);
}

/* sprinkle special values into a problem's inputs */
static void add_specials(problem *p) {
    static const double SP[] = { NAN, INFINITY, -INFINITY, 1e30, -1e30, 1e-40, -1e-40, 1e-310,
                                 0.0, -0.0, 6e-8, 1e4, -3e4, 1e-5 };
    for (int64_t i = 0; i < p->N; i += 1 + (int64_t)(next_u64() % 61)) {
        put(p->dt, p->x, i, SP[next_u64() % 14]);
        if ((next_u64() & 3) == 0) put(p->dt, p->dy, i, SP[next_u64() % 14]);
    }
}

/* every tier against the scalar tier on one problem (whose inputs get special values): forward
 * split at a random point, backward, block-split backward, in-place calls */
static void bits_problem(problem *pp, int s) {
    problem p = *pp;
    int top = r4j_cpu_isa(), dt = p.dt, ver = p.ver, m = p.m, n = p.n;
    int64_t N = p.N;
    add_specials(&p);
    results ref;
    r4j_set_max_isa(R4J_ISA_SCALAR);
    run_all(&p, &ref, N);
    /* tiers */
    for (int t = 1; t <= top; t++) {
        results r;
        r4j_set_max_isa(t);
        run_all(&p, &r, (int64_t)(next_u64() % (uint64_t)(N + 1)));
        char what[64];
        snprintf(what, sizeof what, "%s vs scalar (shape %d)", ISA_NAME_OF(t), s);
        compare(&p, &ref, &r, what);
        free_results(&r);
    }
    r4j_set_max_isa(top);
    /* backward split into blocks: sequential calls into G, and each block into a
     * zeroed scratch folded in block order */
    if (N > R4J_BLOCK) {
        int nb = nb_of(ver, n);
        size_t es = esize(dt), sn = (size_t)p.ng * (m + 1), sd = (size_t)p.nd * nb;
        results r = ref;
        r.dx = malloc(es * (size_t)N);
        r.gn = calloc(sn, 8); r.gd = calloc(sd, 8);
        double *tn = malloc(8 * sn), *td = malloc(8 * sd), *fn = calloc(sn, 8), *fd = calloc(sd, 8);
        for (int64_t b0 = 0; b0 < N; b0 += R4J_BLOCK) {
            int64_t b1 = N - b0 < R4J_BLOCK ? N : b0 + R4J_BLOCK;
            int rc = r4j_backward(dt, ver, m, n, p.flags, p.num, p.ng, p.den, p.nd, p.outer, p.C,
                                  p.inner, (char *)p.x + es * b0, (char *)p.dy + es * b0,
                                  (char *)r.dx + es * b0, b0, b1, r.gn, r.gd);
            memset(tn, 0, 8 * sn); memset(td, 0, 8 * sd);
            rc |= r4j_backward(dt, ver, m, n, p.flags, p.num, p.ng, p.den, p.nd, p.outer, p.C,
                               p.inner, (char *)p.x + es * b0, (char *)p.dy + es * b0,
                               (char *)r.dx + es * b0, b0, b1, tn, td);
            for (size_t i = 0; i < sn; i++) fn[i] += tn[i];
            for (size_t i = 0; i < sd; i++) fd[i] += td[i];
            if (rc != R4J_OK) FAIL("block split status");
        }
        compare(&p, &ref, &r, "block-split backward");
        free(r.gn); free(r.gd);
        r.gn = fn; r.gd = fd;
        compare(&p, &ref, &r, "block scratch fold");
        free(r.dx); free(fn); free(fd); free(tn); free(td);
    }
    /* in place: forward y == x, backward dx == dy */
    {
        size_t es = esize(dt);
        int nb = nb_of(ver, n);
        results r;
        r.y = malloc(es * (size_t)N); r.dx = malloc(es * (size_t)N);
        r.gn = calloc((size_t)p.ng * (m + 1), 8); r.gd = calloc((size_t)p.nd * nb, 8);
        memcpy(r.y, p.x, es * (size_t)N);
        memcpy(r.dx, p.dy, es * (size_t)N);
        int rc = r4j_backward(dt, ver, m, n, p.flags, p.num, p.ng, p.den, p.nd, p.outer, p.C,
                              p.inner, p.x, r.dx, r.dx, 0, N, r.gn, r.gd);
        rc |= r4j_forward(dt, ver, m, n, p.flags, p.num, p.ng, p.den, p.nd, p.outer, p.C,
                          p.inner, r.y, r.y, 0, N);
        if (rc != R4J_OK) FAIL("in-place status");
        compare(&p, &ref, &r, "in place");
        free_results(&r);
    }
    free_results(&ref);
}

/* The short-run path (api.c: per-channel and small groups on channels-last tensors) against the
 * scalar tier, which keeps the run path: C in {1, 3, 16, 17, 48, 768}, groups C/C, C/2, C/4 and
 * mixed pairs, inner 1 and 2, odd lengths, random forward splits, block splits (tensors over
 * 65536 elements), plus layouts the short path declines (groups of 3 channels with C = 9,
 * per-channel numerator with one denominator group). */
static int test_short_runs(void) {
    static const int64_t CS[] = { 1, 3, 16, 17, 48, 768 };
    int cases = 0, idx = 0;
    for (int ci = 0; ci < 6; ci++)
        for (int inner = 1; inner <= 2; inner++)
            for (int gq = 1; gq <= 4; gq++) { /* numerator groups C/gq: 1, 2, 4 (3 = mixed) */
                int64_t C = CS[ci];
                int64_t ng = gq == 3 ? C : C / gq, nd = gq == 3 ? (C % 2 == 0 ? C / 2 : C) : ng;
                if (gq != 3 && C % gq != 0) continue;
                if (gq == 4 && C % 4 != 0) continue;
                int64_t outer = (3001 / (C * inner)) | 1; /* odd lengths */
                int big = (idx % 5) == 0;
                if (big) outer = (int64_t)(R4J_BLOCK * 1.3) / (C * inner) | 1;
                for (int k = 0; k < 2; k++, idx++) {
                    int dt = (idx + k) % 4, ver = (idx * 3 + k) % 4;
                    int m = k ? (idx * 7) % 17 : 5, n = k ? (idx * 5) % 16 + 1 : 4;
                    if (ver == R4J_VERSION_C && (idx & 1)) n = 0;
                    problem p;
                    make_problem(&p, dt, ver, m, n, (idx & 2) ? R4J_FLAG_SIGN0_ZERO : 0, outer, C,
                                 inner, (int)ng, (int)nd, idx % 16, 1.5);
                    bits_problem(&p, 100 + idx);
                    free_problem(&p);
                    cases++;
                }
            }
    static const shape DECLINED[] = { { 41, 9, 1, 3, 9 }, { 11, 48, 1, 48, 1 }, { 19, 6, 3, 6, 2 } };
    for (int i = 0; i < 3; i++, idx++) {
        problem p;
        make_problem(&p, i % 4, i % 4, 5, 4, 0, DECLINED[i].outer, DECLINED[i].C, DECLINED[i].inner,
                     DECLINED[i].ng, DECLINED[i].nd, i, 1.5);
        bits_problem(&p, 100 + idx);
        free_problem(&p);
        cases++;
    }
    return cases;
}

static void test_bits(void) {
    int top = r4j_cpu_isa();
    for (int t = 0; t <= R4J_ISA_MAX; t++)
        if (t > top) printf("NOTE: this CPU lacks %s; its bit-equality checks are not run\n", ISA_NAME_OF(t));
    int cases = 0;
    for (int s = 0; s < NSHAPES; s++)
        for (int dt = 0; dt < 4; dt++)
            for (int ver = 0; ver < 4; ver++) {
                int64_t N = SHAPES[s].outer * SHAPES[s].C * SHAPES[s].inner;
                if (N > 5000 && (ver + dt + s) % 4 != 0) continue;
                int m = (int)((s * 7 + dt * 3 + ver) % 17), n = (int)((s * 5 + dt + ver * 3) % 16) + 1;
                if ((s + dt + ver) % 3 == 0) { m = 5; n = 4; }
                if (ver == R4J_VERSION_C && (s & 1)) n = 0;
                problem p;
                make_problem(&p, dt, ver, m, n, ((s + ver) & 1) ? R4J_FLAG_SIGN0_ZERO : 0,
                             SHAPES[s].outer, SHAPES[s].C, SHAPES[s].inner, SHAPES[s].ng,
                             SHAPES[s].nd, (s * 3 + dt) % 16, 1.5);
                if (dt == R4J_F16) {
                    /* stay in f16 range for most elements */
                }
                bits_problem(&p, s);
                free_problem(&p);
                cases++;
            }
    /* yardstick: same bits on every tier */
    {
        enum { L = 1000 };
        float x[L], g[L], d0[L], d1[L];
        for (int i = 0; i < L; i++) { x[i] = (float)uni(-3, 3); g[i] = (float)uni(-3, 3); }
        r4j_set_max_isa(R4J_ISA_SCALAR);
        r4j_yardstick_mul_f32(x + 1, g + 3, d0, L - 5);
        for (int t = 1; t <= top; t++) {
            r4j_set_max_isa(t);
            r4j_yardstick_mul_f32(x + 1, g + 3, d1, L - 5);
            if (memcmp(d0, d1, 4 * (L - 5))) FAIL("yardstick differs on %s", ISA_NAME_OF(t));
        }
    }
    int shortc = test_short_runs();
    printf("bit equality: %d problems + %d short-run layouts, tiers scalar..%s\n", cases, shortc,
           ISA_NAME_OF(top));
}

/* ------------------------------------------------------------------ conversions */
static void test_convert(void) {
    int top = r4j_cpu_isa();
    for (int t = 0; t <= R4J_ISA_MAX; t++)
        if (t > top) printf("NOTE: this CPU lacks %s; its conversions are not checked\n", ISA_NAME_OF(t));
    enum { NH = 65536, NF = 1 << 21 };
    uint16_t *h = malloc(2 * NH), *h2 = malloc(2 * NF);
    float *f = malloc(4 * NF), *fo = malloc(4 * NH);
    for (int i = 0; i < NH; i++) h[i] = (uint16_t)i;
    /* f32 sample: all exponents with random mantissas, every denormal class, NaNs, ties */
    for (int i = 0; i < NF; i++) {
        uint32_t u = (uint32_t)next_u64();
        switch (i & 7) {
        case 0: u &= 0x807fffffu; break;                               /* denormals */
        case 1: u |= 0x7f800000u; break;                               /* inf / NaN */
        case 2: u = (u & 0xffff8000u) | 0x8000u; break;                /* bf16 ties */
        case 3: u = (u & 0xc7ffe000u) | 0x38001000u; break;            /* f16 ties (normal range) */
        case 4: u = (u & 0x80ffffffu) | ((uint32_t)(100 + (i >> 3) % 45) << 23); break; /* near f16 range */
        default: break;
        }
        memcpy(&f[i], &u, 4);
    }
    for (int t = 0; t <= top; t++) {
        r4j_set_max_isa(t);
        for (int dt = R4J_BF16; dt <= R4J_F16; dt++) {
            if (r4j_convert(dt, R4J_F32, h + 1, fo, NH - 1) != R4J_OK) FAIL("convert status");
            for (int i = 1; i < NH; i++) {
                float ref = dt == R4J_BF16 ? r4j_bf16_to_f32(h[i]) : r4j_f16_to_f32(h[i]);
                if (memcmp(&ref, &fo[i - 1], 4)) {
                    FAIL("%s widen %s 0x%04x: 0x%08x vs 0x%08x", ISA_NAME_OF(t), DT_NAME[dt], h[i],
                         r4j_f32_bits(fo[i - 1]), r4j_f32_bits(ref));
                    break;
                }
            }
            if (r4j_convert(R4J_F32, dt, f + 3, h2, NF - 3) != R4J_OK) FAIL("convert status");
            for (int i = 3; i < NF; i++) {
                uint16_t ref = dt == R4J_BF16 ? r4j_f32_to_bf16(f[i]) : r4j_f32_to_f16(f[i]);
                if (ref != h2[i - 3]) {
                    FAIL("%s narrow %s 0x%08x: 0x%04x vs sw 0x%04x", ISA_NAME_OF(t), DT_NAME[dt],
                         r4j_f32_bits(f[i]), h2[i - 3], ref);
                    break;
                }
            }
        }
    }
    /* spot checks of the software conversions themselves */
    if (r4j_f32_to_f16(65504.0f) != 0x7bff || r4j_f32_to_f16(65520.0f) != 0x7c00 ||
        r4j_f32_to_f16(0x1p-24f) != 0x0001 || r4j_f32_to_f16(0x1p-25f) != 0 ||
        r4j_f32_to_f16(0x1.8p-25f) != 1 || r4j_f32_to_f16(0x1p-14f) != 0x0400 ||
        r4j_f16_to_f32(0x0001) != 0x1p-24f || r4j_f16_to_f32(0x03ff) != 0x1.ff8p-15f ||
        r4j_f32_to_bf16(1e-40f) != 0x0001 || r4j_f32_to_bf16(3.4e38f) != 0x7f80 ||
        r4j_f32_to_bf16(r4j_bits_f32(0x3f808000u)) != 0x3f80 || r4j_f32_to_bf16(r4j_bits_f32(0x3f818000u)) != 0x3f82)
        FAIL("software conversion spot checks");
    printf("conversions: 65536 half patterns and %d f32 patterns per tier and type\n", NF);
    free(h); free(h2); free(f); free(fo);
}

/* ------------------------------------------------------------------ ABI edge cases */
/* A copy of n bytes at byte offset off (1..3) inside a fresh allocation. */
static void *at_offset(const void *src, size_t n, int off, void **alloc) {
    *alloc = malloc(n + 8);
    memset(*alloc, 0x5a, n + 8);
    if (src != NULL) memcpy((char *)*alloc + off, src, n);
    return (char *)*alloc + off;
}

/* Element, coefficient and gradient pointers at 1-3 byte offsets (the Java API passes any byte
 * offset; a typed load through such a pointer is undefined behaviour, which the sanitizer build
 * of this test catches): same bits as the aligned call, on every tier, in the run path and the
 * short-run path, plus the conversions and the yardstick. */
static void test_unaligned(void) {
    static const shape LAY[] = { { 7, 3, 37, 3, 1 }, { 41, 17, 1, 17, 17 }, { 3, 1, 1500, 1, 1 } };
    int top = r4j_cpu_isa(), cases = 0;
    for (int t = 0; t <= top; t++) {
        r4j_set_max_isa(t);
        for (int li = 0; li < 3; li++)
            for (int dt = 0; dt < 4; dt++)
                for (int ver = 0; ver < 4; ver++) {
                    const shape *L = &LAY[li];
                    int m = 5 + (li + ver) % 3, n = 4 - (dt + li) % 2, nb = nb_of(ver, n), off = 1 + (dt + ver + li) % 3;
                    problem p;
                    make_problem(&p, dt, ver, m, n, 0, L->outer, L->C, L->inner, L->ng, L->nd, 0, 1.5);
                    results a;
                    run_all(&p, &a, p.N);
                    size_t es = esize(dt), ws = dt == R4J_F64 ? 8 : 4, eb = es * (size_t)p.N;
                    size_t sn = (size_t)p.ng * (m + 1), sd = (size_t)p.nd * nb;
                    void *ax, *ag, *ay, *adx, *an, *ad, *agn, *agd;
                    void *x = at_offset(p.x, eb, off, &ax), *g = at_offset(p.dy, eb, 4 - off, &ag);
                    void *y = at_offset(NULL, eb, off, &ay), *dx = at_offset(NULL, eb, (off % 3) + 1, &adx);
                    void *num = at_offset(p.num, ws * sn, off, &an), *den = at_offset(p.den, ws * sd, 4 - off, &ad);
                    double *z = calloc(sn + sd, 8);
                    void *gn = at_offset(z, 8 * sn, off, &agn), *gd = at_offset(z, 8 * sd, 4 - off, &agd);
                    int rc = r4j_forward(dt, ver, m, n, 0, num, p.ng, den, p.nd, p.outer, p.C, p.inner, x, y, 0, p.N);
                    rc |= r4j_backward(dt, ver, m, n, 0, num, p.ng, den, p.nd, p.outer, p.C, p.inner, x, g, dx, 0, p.N,
                                       gn, gd);
                    if (rc != R4J_OK) FAIL("unaligned: status %d", rc);
                    results b = { malloc(eb), malloc(eb), malloc(8 * sn), malloc(8 * sd) };
                    memcpy(b.y, y, eb); memcpy(b.dx, dx, eb); memcpy(b.gn, gn, 8 * sn); memcpy(b.gd, gd, 8 * sd);
                    char what[64];
                    snprintf(what, sizeof what, "%s, byte offset %d, layout %d", ISA_NAME_OF(t), off, li);
                    compare(&p, &a, &b, what);
                    free_results(&a); free_results(&b);
                    free(ax); free(ag); free(ay); free(adx); free(an); free(ad); free(agn); free(agd); free(z);
                    free_problem(&p);
                    cases++;
                }
        /* conversions and the yardstick at odd byte offsets */
        enum { NC = 777 };
        float f[NC], fo[NC], fr[NC];
        uint16_t h[NC], hr[NC];
        for (int i = 0; i < NC; i++) f[i] = (float)uni(-70000, 70000);
        for (int dt = R4J_BF16; dt <= R4J_F16; dt++) {
            void *a1, *a2, *a3;
            void *fs = at_offset(f, sizeof f, 1, &a1), *hd = at_offset(NULL, sizeof h, 3, &a2);
            void *fd = at_offset(NULL, sizeof fo, 2, &a3);
            if (r4j_convert(R4J_F32, dt, fs, hd, NC) != R4J_OK || r4j_convert(dt, R4J_F32, hd, fd, NC) != R4J_OK)
                FAIL("unaligned convert status");
            memcpy(h, hd, sizeof h);
            memcpy(fo, fd, sizeof fo);
            for (int i = 0; i < NC; i++) {
                hr[i] = dt == R4J_BF16 ? r4j_f32_to_bf16(f[i]) : r4j_f32_to_f16(f[i]);
                fr[i] = dt == R4J_BF16 ? r4j_bf16_to_f32(hr[i]) : r4j_f16_to_f32(hr[i]);
            }
            if (memcmp(h, hr, sizeof h) || memcmp(fo, fr, sizeof fo)) FAIL("%s unaligned convert %s", ISA_NAME_OF(t), DT_NAME[dt]);
            free(a1); free(a2); free(a3);
        }
        {
            void *a1, *a2, *a3;
            void *xs = at_offset(f, sizeof f, 3, &a1), *gs = at_offset(fr, sizeof fr, 1, &a2);
            void *ds = at_offset(NULL, sizeof fo, 2, &a3);
            if (r4j_yardstick_mul_f32(xs, gs, ds, NC) != R4J_OK) FAIL("unaligned yardstick status");
            memcpy(fo, ds, sizeof fo);
            for (int i = 0; i < NC; i++)
                if (memcmp(&fo[i], &(float){ f[i] * fr[i] }, 4)) { FAIL("%s unaligned yardstick at %d", ISA_NAME_OF(t), i); break; }
            free(a1); free(a2); free(a3);
        }
    }
    r4j_set_max_isa(top);
    printf("unaligned: %d problems at 1-3 byte offsets, tiers scalar..%s\n", cases, ISA_NAME_OF(top));
}

/* Sizes whose product overflows int64 are refused with R4J_ERR_ARGUMENT before any access (the
 * pointers here point at nothing usable), as are the other out-of-contract headers. */
static void test_bad_headers(void) {
    float a[3] = { 1, 0.5f, 0.25f }, b[2] = { 0.5f, 0.25f }, x[4] = { 0 }, y[4];
    double gn[3] = { 0 }, gd[2] = { 0 };
    const int64_t big = (int64_t)1 << 40;
    static const int64_t SH[][3] = { { 1 << 23, 1 << 20, 1 << 21 }, { 1, (int64_t)1 << 62, 4 },
                                     { (int64_t)1 << 62, 1, 2 }, { 3, 3, INT64_MAX / 2 },
                                     { 0, (int64_t)1 << 62, 8 }, { -1, 1, 1 }, { 1, 0, 1 }, { 1, 1, 0 } };
    for (size_t i = 0; i < sizeof SH / sizeof SH[0]; i++) {
        int rf = r4j_forward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 1, b, 1, SH[i][0], SH[i][1], SH[i][2], x, y, 0, 4);
        int rb = r4j_backward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 1, b, 1, SH[i][0], SH[i][1], SH[i][2], x, x, y, 0,
                              4, gn, gd);
        if (rf != R4J_ERR_ARGUMENT || rb != R4J_ERR_ARGUMENT)
            FAIL("shape [%lld, %lld, %lld]: status %d/%d, want R4J_ERR_ARGUMENT", (long long)SH[i][0],
                 (long long)SH[i][1], (long long)SH[i][2], rf, rb);
    }
    /* the largest product that fits is accepted (an empty range touches nothing) */
    if (r4j_forward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 1, b, 1, 1 << 20, 1 << 20, 1 << 22, x, y, 0, 0) != R4J_OK ||
        r4j_forward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 1, b, 1, 1, big, 1 << 22, x, y, 0, 0) != R4J_OK)
        FAIL("a product just inside int64 refused");
    printf("bad headers: %d refused\n", (int)(sizeof SH / sizeof SH[0]));
}

#include "golden.h"

/* Run under RATIONAL4J_MAX_ISA (set by ctest): the first use of the library must pick
 * min(cpu tier, `tier`), and print one warning line to stderr exactly when `warn` (an unknown
 * value, which must cap to scalar instead of lifting the cap). */
static void test_envcap(const char *tier, int warn) {
    int want = -1;
    for (int t = 0; t <= R4J_ISA_MAX; t++) if (strcmp(tier, ISA_NAME_OF(t)) == 0) want = t;
    if (want < 0) { FAIL("unknown tier %s", tier); return; }
    FILE *tf = tmpfile();
    if (tf == NULL) { FAIL("tmpfile"); return; }
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(tf), 2);
    int active = r4j_active_isa(), cpu = r4j_cpu_isa();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[512] = { 0 };
    rewind(tf);
    size_t got = fread(text, 1, sizeof text - 1, tf);
    fclose(tf);
    if (want > cpu) want = cpu;
    if (active != want) FAIL("RATIONAL4J_MAX_ISA=%s: active tier %d, want %d", getenv("RATIONAL4J_MAX_ISA"), active, want);
    if (warn && strstr(text, "RATIONAL4J_MAX_ISA") == NULL) FAIL("no warning for RATIONAL4J_MAX_ISA=%s", getenv("RATIONAL4J_MAX_ISA"));
    if (!warn && got != 0) FAIL("unexpected output: %s", text);
    printf("RATIONAL4J_MAX_ISA=%s: tier %s%s\n", getenv("RATIONAL4J_MAX_ISA"), ISA_NAME_OF(active), warn ? ", warned" : "");
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "tier") == 0) {
        int want = -1;
        for (int t = 0; t <= R4J_ISA_MAX; t++) if (strcmp(argv[2], ISA_NAME_OF(t)) == 0) want = t;
        if (want < 0) { fprintf(stderr, "unknown tier %s\n", argv[2]); return 2; }
        if (r4j_cpu_isa() < want) {
            /* The CPU lacks this tier: capping to it must give the best tier there is (the
             * dispatch never picks code the CPU cannot run); the tests then run on that tier. */
            int best = r4j_cpu_isa();
            printf("this CPU/OS lacks %s; checking that the cap falls back to %s\n", argv[2], ISA_NAME_OF(best));
            if (r4j_set_max_isa(want) != best || r4j_active_isa() != best) { FAIL("cap above the CPU's tier"); return 1; }
        } else if (r4j_set_max_isa(want) != want || r4j_active_isa() != want) { FAIL("cannot force tier"); return 1; }
        test_vectors();
        test_random();
        test_specials();
        test_untouched_group();
        printf("tier %s: %s\n", argv[2], failures ? "FAILED" : "ok");
    } else if (argc >= 2 && strcmp(argv[1], "bits") == 0) {
        test_bits();
    } else if (argc >= 2 && strcmp(argv[1], "convert") == 0) {
        test_convert();
    } else if (argc >= 3 && strcmp(argv[1], "envcap") == 0) {
        test_envcap(argv[2], argc >= 4 && strcmp(argv[3], "warn") == 0);
    } else if (argc >= 4 && strcmp(argv[1], "golden") == 0) {
        test_golden(argv[2], argv[3]);
    } else if (argc >= 2 && strcmp(argv[1], "abi") == 0) {
        test_unaligned();
        test_bad_headers();
    } else {
        fprintf(stderr, "usage: r4j_test tier <name> | bits | convert | abi | envcap <name> [warn] | golden write|check FILE\n");
        return 2;
    }
    if (r4j_abi_version() != R4J_ABI_VERSION) FAIL("abi version");
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
