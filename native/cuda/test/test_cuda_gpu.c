/*
 * GPU test of librational4j_cuda (needs a CUDA device; run by native/cuda/gpu-check.sh): y, dx and
 * the coefficient gradients must have the bits of the CPU library (librational4j, itself tested
 * against the reference vectors and across its tiers) on
 *  - the reference vectors' cases (also against the published f64 values),
 *  - random versions, degrees 0..16, groups, shapes [outer, C, inner], dtypes, flags,
 *  - odd lengths, sub-ranges, in-place calls, device pointers at odd element offsets,
 *  - special inputs (signed zeros, infinities, NaN, subnormals, huge values) and zero
 *    coefficients (sign(0) matters), gradients that start at -0.0,
 * and two backward runs must agree bit for bit. Any two NaNs count as equal (contract 6).
 * Exit status 0 only if everything matched. Arguments: [random cases (400)] [quick].
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rational4j_cuda.h"
#include "vectors_json.h" /* native/test */

static int failures = 0, cases = 0;
#define FAIL(...) do { if (failures++ < 40) { printf("FAIL: "); printf(__VA_ARGS__); printf("\n"); } } while (0)

static const char *DT_NAME[] = { "f32", "f64", "bf16", "f16" };
static const char *VER_NAME = "ABCN";

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng * 0x2545f4914f6cdd1dull;
}
static double uni(double lo, double hi) { return lo + (hi - lo) * ((next_u64() >> 11) * 0x1p-53); }
static int64_t pick(int64_t lo, int64_t hi) { return lo + (int64_t)(next_u64() % (uint64_t)(hi - lo + 1)); }

static size_t esize(int dt) { return dt == R4J_F64 ? 8 : dt == R4J_F32 ? 4 : 2; }

static int check(int32_t st, const char *what) {
    if (st != R4J_OK) {
        char msg[512];
        r4j_cuda_last_error(msg, sizeof msg);
        FAIL("%s: status %d: %s", what, st, msg);
    }
    return st == R4J_OK;
}

/* value v stored in dtype dt at p[i] (bf16/f16 through the CPU library's conversion) */
static void put(int dt, void *p, int64_t i, double v) {
    if (dt == R4J_F64) ((double *)p)[i] = v;
    else if (dt == R4J_F32) ((float *)p)[i] = (float)v;
    else {
        float f = (float)v;
        r4j_convert(R4J_F32, dt, &f, (uint16_t *)p + i, 1);
    }
}
static double get(int dt, const void *p, int64_t i) {
    if (dt == R4J_F64) return ((const double *)p)[i];
    if (dt == R4J_F32) return ((const float *)p)[i];
    float f;
    r4j_convert(dt, R4J_F32, (const uint16_t *)p + i, &f, 1);
    return f;
}

/* bit equality, NaN == NaN; returns the first differing index or -1 */
static int64_t diff_at(int dt, const void *a, const void *b, int64_t n) {
    const size_t es = esize(dt);
    for (int64_t i = 0; i < n; i++) {
        if (memcmp((const char *)a + i * es, (const char *)b + i * es, es) == 0) continue;
        double x = get(dt, a, i), y = get(dt, b, i);
        if (isnan(x) && isnan(y)) continue;
        return i;
    }
    return -1;
}
static int64_t diff_f64(const double *a, const double *b, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (memcmp(a + i, b + i, 8) != 0 && !(isnan(a[i]) && isnan(b[i]))) return i;
    return -1;
}

static const double SPECIAL[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, 1e-40, -1e-40, 5e-324,
                                  1e30, -1e30, 65504.0, 1e-7, -3.0, 3.0, 0.5 };

typedef struct {
    int dt, ver, m, n, flags, ng, nd;
    int64_t outer, C, inner;
    int misalign;   /* device tensors start this many elements past an aligned allocation */
    int specials;   /* sprinkle special values into x and dy */
    int zero_coefs; /* some coefficients exactly 0 */
    int in_place;
    int full_range; /* else random sub-ranges */
    void *stream;
    double xscale;
    const double *fixed_x; /* reference-vector inputs (else random) */
    const double *fixed_a, *fixed_b;
} spec;

static void describe(const spec *s, char *buf, size_t len) {
    snprintf(buf, len, "%s %c(%d,%d) flags %d groups %d/%d shape [%lld,%lld,%lld] mis %d%s%s",
             DT_NAME[s->dt], VER_NAME[s->ver], s->m, s->n, s->flags, s->ng, s->nd,
             (long long)s->outer, (long long)s->C, (long long)s->inner, s->misalign,
             s->in_place ? " in-place" : "", s->stream ? " stream" : "");
}

static void *dalloc(size_t bytes) {
    void *p = NULL;
    if (!check(r4j_cuda_malloc((int64_t)bytes, &p), "cuda_malloc")) return NULL;
    return p;
}
static void h2d(void *d, const void *h, size_t bytes, void *st) {
    check(r4j_cuda_memcpy(d, h, (int64_t)bytes, 1, st), "memcpy h2d");
}
static void d2h(void *h, const void *d, size_t bytes, void *st) {
    check(r4j_cuda_memcpy(h, d, (int64_t)bytes, 2, st), "memcpy d2h");
}

static void run_case(const spec *s) {
    char what[256];
    describe(s, what, sizeof what);
    cases++;
    const int dt = s->dt, ver = s->ver, m = s->m, n = s->n;
    const int nb = ver == R4J_VERSION_C ? n + 1 : n;
    const int64_t N = s->outer * s->C * s->inner;
    const size_t es = esize(dt), ws = dt == R4J_F64 ? 8 : 4;
    const int64_t an = (int64_t)s->ng * (m + 1), bn = (int64_t)s->nd * nb;

    /* coefficients in W */
    void *num = malloc((size_t)an * ws), *den = malloc((size_t)bn * ws);
    for (int64_t i = 0; i < an; i++) {
        double v = s->fixed_a ? s->fixed_a[i % (m + 1)] : uni(-1.5, 1.5) / (1 + i % (m + 1));
        if (s->zero_coefs && next_u64() % 4 == 0) v = (next_u64() & 1) ? 0.0 : -0.0;
        if (dt == R4J_F64) ((double *)num)[i] = v; else ((float *)num)[i] = (float)v;
    }
    for (int64_t i = 0; i < bn; i++) {
        double v = s->fixed_b ? s->fixed_b[i % nb] : uni(-1.0, 1.0) / (1 + i % nb);
        if (s->zero_coefs && next_u64() % 4 == 0) v = (next_u64() & 1) ? 0.0 : -0.0;
        if (dt == R4J_F64) ((double *)den)[i] = v; else ((float *)den)[i] = (float)v;
    }
    /* tensors on the host */
    char *x = malloc((size_t)N * es + 1), *dy = malloc((size_t)N * es + 1);
    char *ycpu = malloc((size_t)N * es + 1), *ygpu = malloc((size_t)N * es + 1);
    char *dxcpu = malloc((size_t)N * es + 1), *dxgpu = malloc((size_t)N * es + 1);
    for (int64_t i = 0; i < N; i++) {
        double xv = s->fixed_x ? s->fixed_x[i] : uni(-s->xscale, s->xscale);
        double gv = uni(-2, 2);
        if (s->specials && next_u64() % 16 == 0) xv = SPECIAL[next_u64() % (sizeof SPECIAL / sizeof SPECIAL[0])];
        if (s->specials && next_u64() % 32 == 0) gv = SPECIAL[next_u64() % (sizeof SPECIAL / sizeof SPECIAL[0])];
        put(dt, x, i, xv);
        put(dt, dy, i, gv);
    }
    /* device tensors at an element offset from an aligned allocation */
    const size_t dbytes = (size_t)(N + 4) * es;
    char *dxm = dalloc(dbytes), *dym = dalloc(dbytes), *dym2 = dalloc(dbytes), *ddx = dalloc(dbytes);
    if (!dxm || !dym || !dym2 || !ddx) goto out;
    char *gx = dxm + s->misalign * es, *gy = dym + s->misalign * es, *gg = dym2 + s->misalign * es,
         *gdx = ddx + s->misalign * es;
    h2d(gx, x, (size_t)N * es, s->stream);
    h2d(gg, dy, (size_t)N * es, s->stream);

    /* forward over [b, e) */
    int64_t fb = 0, fe = N;
    if (!s->full_range && N > 2) { fb = pick(0, N / 3); fe = pick(fb, N); }
    memcpy(ycpu, x, (size_t)N * es); /* in-place keeps x outside the range */
    h2d(gy, x, (size_t)N * es, s->stream);
    if (!check(r4j_forward(dt, ver, m, n, s->flags, num, s->ng, den, s->nd, s->outer, s->C,
                           s->inner, x + fb * es, ycpu + fb * es, fb, fe), "cpu forward")) goto out;
    {
        const void *src = s->in_place ? gy + fb * es : gx + fb * es;
        if (!check(r4j_cuda_forward(dt, ver, m, n, s->flags, num, s->ng, den, s->nd, s->outer,
                                    s->C, s->inner, src, gy + fb * es, fb, fe, s->stream),
                   what)) goto out;
    }
    d2h(ygpu, gy, (size_t)N * es, s->stream);
    int64_t at = diff_at(dt, ycpu, ygpu, N);
    if (at >= 0) FAIL("%s forward [%lld,%lld): y[%lld] gpu %.9g cpu %.9g (x %.9g)", what,
                      (long long)fb, (long long)fe, (long long)at, get(dt, ygpu, at),
                      get(dt, ycpu, at), get(dt, x, at));

    /* backward over [bb, be): block-aligned */
    const int64_t blocks = (N + R4J_BLOCK - 1) / R4J_BLOCK;
    int64_t bb = 0, be = N;
    if (!s->full_range && blocks > 1) {
        bb = pick(0, blocks - 1) * R4J_BLOCK;
        int64_t eb = pick(bb / R4J_BLOCK + 1, blocks);
        be = eb * R4J_BLOCK < N ? eb * R4J_BLOCK : N;
    }
    double *gnc = malloc((size_t)an * 8), *gdc = malloc((size_t)bn * 8);
    double *gng = malloc((size_t)an * 8), *gdg = malloc((size_t)bn * 8);
    double *gn2 = malloc((size_t)an * 8), *gd2 = malloc((size_t)bn * 8);
    for (int64_t i = 0; i < an; i++) gnc[i] = next_u64() % 3 == 0 ? -0.0 : uni(-1, 1);
    for (int64_t i = 0; i < bn; i++) gdc[i] = next_u64() % 3 == 0 ? -0.0 : uni(-1, 1);
    memcpy(gng, gnc, (size_t)an * 8); memcpy(gdg, gdc, (size_t)bn * 8);
    memcpy(gn2, gnc, (size_t)an * 8); memcpy(gd2, gdc, (size_t)bn * 8);
    memcpy(dxcpu, dy, (size_t)N * es);
    if (check(r4j_backward(dt, ver, m, n, s->flags, num, s->ng, den, s->nd, s->outer, s->C,
                           s->inner, x + bb * es, dy + bb * es, dxcpu + bb * es, bb, be, gnc, gdc),
              "cpu backward")) {
        /* in place: dx over dy */
        char *tgt = s->in_place ? gg : gdx;
        if (!s->in_place) h2d(gdx, dy, (size_t)N * es, s->stream);
        if (check(r4j_cuda_backward(dt, ver, m, n, s->flags, num, s->ng, den, s->nd, s->outer,
                                    s->C, s->inner, gx + bb * es, gg + bb * es, tgt + bb * es,
                                    bb, be, gng, gdg, s->stream), what)) {
            d2h(dxgpu, tgt, (size_t)N * es, s->stream);
            at = diff_at(dt, dxcpu, dxgpu, N);
            if (at >= 0) FAIL("%s backward [%lld,%lld): dx[%lld] gpu %.9g cpu %.9g", what,
                              (long long)bb, (long long)be, (long long)at, get(dt, dxgpu, at),
                              get(dt, dxcpu, at));
            at = diff_f64(gnc, gng, an);
            if (at >= 0) FAIL("%s backward: grad_num[%lld] gpu %.17g cpu %.17g", what,
                              (long long)at, gng[at], gnc[at]);
            at = diff_f64(gdc, gdg, bn);
            if (at >= 0) FAIL("%s backward: grad_den[%lld] gpu %.17g cpu %.17g", what,
                              (long long)at, gdg[at], gdc[at]);
            /* a second run from the same inputs: the same bits */
            if (!s->in_place) {
                check(r4j_cuda_backward(dt, ver, m, n, s->flags, num, s->ng, den, s->nd,
                                        s->outer, s->C, s->inner, gx + bb * es, gg + bb * es,
                                        gdx + bb * es, bb, be, gn2, gd2, s->stream), what);
                if (diff_f64(gn2, gng, an) >= 0 || diff_f64(gd2, gdg, bn) >= 0)
                    FAIL("%s: two backward runs differ", what);
            }
        }
    }
    free(gnc); free(gdc); free(gng); free(gdg); free(gn2); free(gd2);
out:
    r4j_cuda_free(dxm); r4j_cuda_free(dym); r4j_cuda_free(dym2); r4j_cuda_free(ddx);
    free(num); free(den); free(x); free(dy); free(ycpu); free(ygpu); free(dxcpu); free(dxgpu);
}

/* ---- reference vectors ---- */
static void test_vectors(void) {
    char *js = slurp(R4J_VECTORS_JSON);
    if (!js) { FAIL("cannot read %s", R4J_VECTORS_JSON); return; }
    int ncases = 0;
    for (const char *c = json_next_case(js); c; c = json_next_case(c + 1), ncases++) {
        const char *end = json_case_end(c);
        const int ver = json_case_version(c, end);
        if (ver < 0) { FAIL("vectors case %d: no version A, B, C or N", ncases); continue; }
        double a[17], b[17], xs[64], ys[64];
        const int na = json_numbers(c, end, "numerator", a, 17), nbd = json_numbers(c, end, "denominator", b, 17);
        const int nx_ = json_numbers(c, end, "x", xs, 64);
        json_numbers(c, end, "y", ys, 64);
        const int m = na - 1, n = ver == R4J_VERSION_C ? nbd - 1 : nbd;
        for (int dt = 0; dt < 4; dt++) {
            spec s = { dt, ver, m, n, 0, 1, 1, 1, nx_, 1, 1, 0, 0, 0, 1, NULL, 1, xs, a, b };
            run_case(&s);
        }
        /* the f64 kernel against the published values */
        double *dxs = NULL, *dys = NULL;
        if (r4j_cuda_malloc(nx_ * 8, (void **)&dxs) == R4J_OK && r4j_cuda_malloc(nx_ * 8, (void **)&dys) == R4J_OK) {
            double yv[64];
            h2d(dxs, xs, (size_t)nx_ * 8, NULL);
            if (check(r4j_cuda_forward(R4J_F64, ver, m, n, 0, a, 1, b, 1, 1, nx_, 1, dxs, dys, 0, nx_, NULL), "vectors f64")) {
                d2h(yv, dys, (size_t)nx_ * 8, NULL);
                for (int i = 0; i < nx_; i++)
                    if (!(fabs(yv[i] - ys[i]) <= 1e-12 * (1 + fabs(ys[i]))))
                        FAIL("vectors case %d x=%g: y %.17g, published %.17g", ncases, xs[i], yv[i], ys[i]);
            }
        }
        r4j_cuda_free(dxs); r4j_cuda_free(dys);
    }
    if (ncases != 16) FAIL("expected 16 reference cases, parsed %d", ncases);
    free(js);
}

/* a random divisor of c (1 and c likely) */
static int divisor(int64_t c) {
    int64_t d[64];
    int k = 0;
    for (int64_t i = 1; i <= c && k < 64; i++) if (c % i == 0) d[k++] = i;
    int r = (int)(next_u64() % 4);
    if (r == 0) return 1;
    if (r == 1 && c < 100000) return (int)c;
    return (int)d[next_u64() % (uint64_t)k];
}

int main(int argc, char **argv) {
    int32_t devices = 0;
    if (!check(r4j_cuda_device_count(&devices), "device count")) return 2;
    char name[256];
    int32_t cc = 0;
    int64_t mem = 0;
    r4j_cuda_device_info(0, name, sizeof name, &cc, &mem);
    printf("device 0: %s (sm_%d), CPU tier %d\n", name, cc, r4j_active_isa());
    const int randoms = argc > 1 ? atoi(argv[1]) : 400;
    void *stream = NULL;
    check(r4j_cuda_stream_create(&stream), "stream");

    test_vectors();
    printf("reference vectors: %d cases so far, %d failures\n", cases, failures);

    /* fixed layouts: KAT channels-last, per-channel, NCHW, flat, short and odd */
    static const struct { int64_t o, C, i; int ng, nd; } FIXED[] = {
        { 3, 768, 1, 1, 8 }, { 2, 768, 1, 768, 768 }, { 5, 768, 1, 8, 8 }, { 2, 9, 49, 3, 9 },
        { 1, 1, 1000003, 1, 1 }, { 1, 1, 65536 * 3 + 17, 1, 1 }, { 4, 3, 7, 3, 1 },
        { 1, 1, 1, 1, 1 }, { 1, 1, 15, 1, 1 }, { 1, 1, 1025, 1, 1 }, { 7, 96, 1, 96, 8 },
        { 2, 12, 5461, 4, 6 }, { 300, 768, 1, 1, 8 }, { 1, 4096, 33, 4096, 2 },
    };
    /* "quick" (second argument): the fixed layouts only in f32, for slow runs (memcheck) */
    const int quick = argc > 2 && strcmp(argv[2], "quick") == 0;
    for (size_t f = 0; f < sizeof FIXED / sizeof FIXED[0]; f++)
        for (int dt = 0; dt < (quick ? 1 : 4); dt++)
            for (int ver = 0; ver < 4; ver++) {
                spec s = { dt, ver, 5, 4, (int)(next_u64() & 1), FIXED[f].ng, FIXED[f].nd,
                           FIXED[f].o, FIXED[f].C, FIXED[f].i, (int)(next_u64() % 4), 1, 1,
                           (int)(next_u64() % 5 == 0), (int)(next_u64() & 1),
                           (next_u64() & 1) ? stream : NULL, 3.0, NULL, NULL, NULL };
                if (ver == R4J_VERSION_C && next_u64() % 2) s.n = 5;
                run_case(&s);
            }
    printf("fixed layouts: %d cases so far, %d failures\n", cases, failures);

    /* random: every degree 0..16, groups, shapes, dtypes, flags */
    for (int r = 0; r < randoms; r++) {
        spec s;
        memset(&s, 0, sizeof s);
        s.dt = (int)(next_u64() % 4);
        s.ver = (int)(next_u64() % 4);
        s.m = (int)pick(0, 16);
        s.n = (int)pick(s.ver == R4J_VERSION_C ? 0 : 1, 16);
        if (r % 5 == 0) { s.m = 5; s.n = 4; } /* the specialised kernels */
        s.flags = (int)(next_u64() & 1);
        const int kind = (int)(next_u64() % 4);
        if (kind == 0) { s.outer = 1; s.C = 1; s.inner = pick(1, 300000); }
        else if (kind == 1) { s.outer = pick(1, 300); s.C = pick(1, 1100); s.inner = 1; }
        else if (kind == 2) { s.outer = pick(1, 6); s.C = pick(1, 40); s.inner = pick(1, 3000); }
        else { s.outer = pick(1, 40); s.C = pick(1, 200); s.inner = pick(1, 40); }
        s.ng = divisor(s.C);
        s.nd = divisor(s.C);
        s.misalign = (int)(next_u64() % 4);
        s.specials = (int)(next_u64() % 3 == 0);
        s.zero_coefs = (int)(next_u64() % 3 == 0);
        s.in_place = (int)(next_u64() % 5 == 0);
        s.full_range = (int)(next_u64() & 1);
        s.stream = (next_u64() & 1) ? stream : NULL;
        s.xscale = (s.dt == R4J_F16 || s.m + s.n > 10) ? 1.5 : 4.0;
        run_case(&s);
    }
    r4j_cuda_stream_destroy(stream);
    printf("%d cases, %d failures\n", cases, failures);
    printf(failures ? "CUDA TESTS FAILED\n" : "CUDA TESTS PASSED: y, dx and gradients bit-equal to the CPU\n");
    return failures ? 1 : 0;
}
