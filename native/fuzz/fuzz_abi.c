/*
 * libFuzzer target over the C ABI (native/fuzz.sh builds it with ASan + UBSan and runs it).
 *
 * Each input is read as a small header and data:
 *  - about one input in 16 is a header the library must refuse (sizes whose product overflows
 *    int64, bad dtype/version/degree/flags/groups/range): the call must return R4J_ERR_ARGUMENT
 *    without touching the (tiny) buffers;
 *  - the others are valid calls (any dtype, version, degrees 0..16, sign(0) flag, [outer, C,
 *    inner] with numerator/denominator groups that divide C, forward sub-ranges, backward blocks,
 *    element and coefficient pointers at 0-3 byte offsets, in-place calls, element values from
 *    the input's raw bits). The scalar tier on aligned buffers is the reference; every tier the
 *    CPU has runs the same call on the offset buffers and must give the same bits (any NaN equals
 *    any NaN: the contract does not fix NaN payloads).
 * Buffers are allocated at their exact size, so ASan sees any access past them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rational4j.h"

typedef struct {
    const uint8_t *p;
    size_t n;
    uint64_t rng;
} reader;

static uint8_t u8(reader *r) {
    if (r->n == 0) return 0;
    r->n--;
    return *r->p++;
}
static uint64_t next(reader *r) { /* xorshift, seeded from the input, for data past its end */
    r->rng ^= r->rng << 13;
    r->rng ^= r->rng >> 7;
    r->rng ^= r->rng << 17;
    return r->rng;
}
static uint32_t bits32(reader *r) {
    if (r->n >= 4) {
        uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                     (uint32_t)r->p[3] << 24;
        r->p += 4;
        r->n -= 4;
        return v;
    }
    return (uint32_t)next(r);
}

static size_t esize(int dt) { return dt == R4J_F64 ? 8 : dt == R4J_F32 ? 4 : 2; }

/* a value in the working precision: mostly moderate, sometimes the raw bits (NaN, inf, huge,
 * denormal) */
static double coef(reader *r) {
    uint8_t k = u8(r), v = u8(r);
    switch (k & 7) {
    case 0: { float f; uint32_t b = bits32(r); memcpy(&f, &b, 4); return f; }
    case 1: return 0.0;
    case 2: return -0.0;
    default: return ((int8_t)v) / 64.0;
    }
}

/* one element in storage dtype dt: raw input bits, or a moderate value */
static void element(reader *r, int dt, unsigned char *dst, int moderate) {
    uint32_t b = bits32(r);
    float f;
    if (moderate) {
        f = (float)((int32_t)b >> 8) * 0x1p-21f; /* |x| < 4 */
        b = 0;
        memcpy(&b, &f, 4);
    }
    switch (dt) {
    case R4J_F32: memcpy(dst, &b, 4); break;
    case R4J_F64: { double d; memcpy(&f, &b, 4); d = (double)f; if (!moderate) d *= (double)(b & 0xff) - 100.0; memcpy(dst, &d, 8); break; }
    default: { uint16_t h = moderate ? (uint16_t)(b >> 16) : (uint16_t)b; if (moderate && dt == R4J_F16) h = (uint16_t)((h & 0x83ff) | 0x3800); memcpy(dst, &h, 2); break; }
    }
}

static int same(int dt, const unsigned char *a, const unsigned char *b, int64_t n) {
    const size_t es = esize(dt);
    for (int64_t i = 0; i < n; i++, a += es, b += es) {
        if (memcmp(a, b, es) == 0) continue;
        int na, nb; /* both NaN? */
        if (dt == R4J_F32) { uint32_t x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); na = (x & 0x7fffffffu) > 0x7f800000u; nb = (y & 0x7fffffffu) > 0x7f800000u; }
        else if (dt == R4J_F64) { uint64_t x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); na = (x << 1) > (0x7ffull << 53); nb = (y << 1) > (0x7ffull << 53); }
        else {
            uint16_t x, y;
            memcpy(&x, a, 2); memcpy(&y, b, 2);
            uint16_t e = dt == R4J_BF16 ? 0x7f80 : 0x7c00;
            na = (x & 0x7fff) > e; nb = (y & 0x7fff) > e;
        }
        if (!(na && nb)) return 0;
    }
    return 1;
}

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond)) { fprintf(stderr, "r4j_fuzz: " __VA_ARGS__); fputc('\n', stderr); abort(); } \
    } while (0)

/* the library must refuse this header */
static void refused(reader *r) {
    float a[17] = { 0 }, b[18] = { 0 }, x[8] = { 0 }, y[8];
    double gn[17] = { 0 }, gd[18] = { 0 };
    int32_t dt = R4J_F32, ver = R4J_VERSION_A, m = 2, n = 2, flags = 0, ng = 1, nd = 1;
    int64_t outer = 1, C = 1, inner = 8, begin = 0, end = 8;
    const uint8_t kind = u8(r);
    const int64_t big = (int64_t)1 << (40 + u8(r) % 22); /* 2^40 .. 2^61 */
    switch (kind % 12) {
    case 0: outer = big; C = ((int64_t)1 << 62) / big * 2 + u8(r); inner = 2 + u8(r); break;
    case 1: C = big; inner = ((int64_t)1 << 62) / big * 4 + u8(r); break;
    case 2: outer = 0; C = big; inner = INT64_MAX / big + 1 + u8(r); break;
    case 3: dt = u8(r) % 2 ? -1 - u8(r) : 4 + u8(r); break;
    case 4: ver = u8(r) % 2 ? -1 - u8(r) : 4 + u8(r); break;
    case 5: m = u8(r) % 2 ? -1 - u8(r) : R4J_MAX_DEGREE + 1 + u8(r); break;
    case 6: n = u8(r) % 2 ? (ver = R4J_VERSION_C, -1) : R4J_MAX_DEGREE + 1 + u8(r); break;
    case 7: flags = 2 << (u8(r) % 30); break;
    case 8: C = 6; inner = 1; ng = u8(r) % 2 ? 4 : 0; nd = u8(r) % 2 ? 5 : -1; begin = 0; end = 6; break;
    case 9: begin = u8(r) % 2 ? -1 : 5; end = u8(r) % 2 ? 9 : 4; break;
    case 10: outer = -1 - u8(r); break;
    default: inner = 0; break;
    }
    int rf = r4j_forward(dt, ver, m, n, flags, a, ng, b, nd, outer, C, inner, x, y, begin, end);
    CHECK(rf == R4J_ERR_ARGUMENT, "forward accepted a bad header (kind %d): %d", kind % 12, rf);
    int rb = r4j_backward(dt, ver, m, n, flags, a, ng, b, nd, outer, C, inner, x, x, y, begin, end,
                          gn, gd);
    CHECK(rb == R4J_ERR_ARGUMENT, "backward accepted a bad header (kind %d): %d", kind % 12, rb);
    /* backward ranges must sit on block boundaries */
    if (kind % 12 == 11) {
        int rc = r4j_backward(R4J_F32, R4J_VERSION_A, 2, 2, 0, a, 1, b, 1, 1, 1, 8, x, x, y, 1, 8,
                              gn, gd);
        CHECK(rc == R4J_ERR_ARGUMENT, "backward accepted begin 1");
    }
}

static unsigned char *alloc_at(size_t bytes, int off, unsigned char **base) {
    *base = malloc(bytes + (size_t)off + 1); /* + 1: malloc(0) */
    return *base + off;
}

static int divisor(int64_t C, uint8_t pick) {
    int d[64], k = 0;
    for (int64_t i = 1; i <= C && k < 64; i++) if (C % i == 0) d[k++] = (int)i;
    return d[pick % k];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    reader rd = { data, size, 0x9e3779b97f4a7c15ull };
    for (size_t i = 0; i < size; i++) rd.rng = (rd.rng ^ data[i]) * 0x100000001b3ull;
    rd.rng |= 1;
    reader *r = &rd;
    const uint8_t mode = u8(r);
    if ((mode & 15) == 15) {
        refused(r);
        return 0;
    }
    const int dt = u8(r) % 4, ver = u8(r) % 4, m = u8(r) % (R4J_MAX_DEGREE + 1);
    const int n = ver == R4J_VERSION_C ? u8(r) % (R4J_MAX_DEGREE + 1) : 1 + u8(r) % R4J_MAX_DEGREE;
    const int flags = u8(r) & R4J_FLAG_SIGN0_ZERO;
    const int nb = ver == R4J_VERSION_C ? n + 1 : n;
    static const int64_t CS[] = { 1, 2, 3, 4, 8, 9, 16, 17, 24, 48, 64 };
    const int64_t C = (mode & 16) ? CS[u8(r) % 11] : 1 + u8(r) % 64;
    const int64_t inner = (mode & 32) ? 1 : 1 + u8(r) % 24;
    int64_t outer = 1 + u8(r) % 16;
    if ((mode & 0xe0) == 0xe0) outer = (R4J_BLOCK + 1 + (int64_t)(u8(r) * 257)) / (C * inner) + 1;
    const int64_t N = outer * C * inner;
    const int ng = divisor(C, u8(r)), nd = (mode & 64) ? ng : divisor(C, u8(r));
    const int ox = u8(r) % 4, oy = u8(r) % 4, og = u8(r) % 4, od = u8(r) % 4, oc = u8(r) % 4;
    const int inplace = u8(r) % 4; /* 1: forward y == x, 2: backward dx == dy */
    int64_t fb = (int64_t)(bits32(r) % (uint64_t)(N + 1)), fe = (int64_t)(bits32(r) % (uint64_t)(N + 1));
    if (fb > fe) { int64_t t = fb; fb = fe; fe = t; }
    const int64_t nblocks = (N + R4J_BLOCK - 1) / R4J_BLOCK;
    const int64_t bb = (int64_t)(u8(r) % nblocks) * R4J_BLOCK;
    const int64_t be = bb + R4J_BLOCK < N && (u8(r) & 1) ? bb + R4J_BLOCK : N;

    const size_t es = esize(dt), ws = dt == R4J_F64 ? 8 : 4;
    const size_t sn = (size_t)ng * (size_t)(m + 1), sd = (size_t)nd * (size_t)nb;
    const size_t eb = (size_t)N * es;
    /* coefficients in W, aligned and at offset oc */
    unsigned char *numb, *denb, *numo, *deno;
    unsigned char *num = alloc_at(sn * ws, 0, &numb), *den = alloc_at(sd * ws, 0, &denb);
    for (size_t i = 0; i < sn + sd; i++) {
        double v = coef(r);
        if (ver == R4J_VERSION_N && i >= sn && (u8(r) & 3)) v *= 0.01; /* fewer poles */
        unsigned char *dst = i < sn ? num + i * ws : den + (i - sn) * ws;
        if (ws == 8) memcpy(dst, &v, 8); else { float f = (float)v; memcpy(dst, &f, 4); }
    }
    unsigned char *nu = alloc_at(sn * ws, oc, &numo), *de = alloc_at(sd * ws, 3 - oc, &deno);
    memcpy(nu, num, sn * ws);
    memcpy(de, den, sd * ws);
    /* elements */
    unsigned char *xb, *gb, *xa = alloc_at(eb, 0, &xb), *ga = alloc_at(eb, 0, &gb);
    const int moderate = (mode >> 1) & 1;
    for (int64_t i = 0; i < N; i++) {
        element(r, dt, xa + i * es, moderate || (i & 7));
        element(r, dt, ga + i * es, 1);
    }
    double *gn0 = malloc(8 * sn + 8), *gd0 = malloc(8 * sd + 8);
    for (size_t i = 0; i < sn; i++) gn0[i] = (double)(u8(r) % 5) - 2.0;
    for (size_t i = 0; i < sd; i++) gd0[i] = (double)(u8(r) % 5) - 2.0;

    /* reference: scalar tier, aligned buffers */
    const int top = r4j_cpu_isa();
    r4j_set_max_isa(R4J_ISA_SCALAR);
    unsigned char *yb, *dxb, *y0 = alloc_at(eb, 0, &yb), *dx0 = alloc_at(eb, 0, &dxb);
    double *gn1 = malloc(8 * sn + 8), *gd1 = malloc(8 * sd + 8);
    memcpy(gn1, gn0, 8 * sn);
    memcpy(gd1, gd0, 8 * sd);
    const size_t fo = (size_t)fb * es, bo = (size_t)bb * es;
    int rc = r4j_forward(dt, ver, m, n, flags, num, ng, den, nd, outer, C, inner, xa + fo, y0 + fo, fb, fe);
    CHECK(rc == R4J_OK, "reference forward status %d", rc);
    rc = r4j_backward(dt, ver, m, n, flags, num, ng, den, nd, outer, C, inner, xa + bo, ga + bo, dx0 + bo,
                      bb, be, gn1, gd1);
    CHECK(rc == R4J_OK, "reference backward status %d", rc);

    for (int t = R4J_ISA_SCALAR; t <= top; t++) {
        r4j_set_max_isa(t);
        unsigned char *xo, *go, *yo, *dxo, *gno, *gdo;
        unsigned char *x = alloc_at(eb, ox, &xo), *g = alloc_at(eb, og, &go);
        unsigned char *y = inplace == 1 ? x : alloc_at(eb, oy, &yo);
        unsigned char *dx = inplace == 2 ? g : alloc_at(eb, od, &dxo);
        unsigned char *gn = alloc_at(8 * sn, oc, &gno), *gd = alloc_at(8 * sd, 3 - oc, &gdo);
        memcpy(x, xa, eb);
        memcpy(g, ga, eb);
        memcpy(gn, gn0, 8 * sn);
        memcpy(gd, gd0, 8 * sd);
        if (inplace == 1) { /* forward over x in place; the backward below gets the original x */
            rc = r4j_forward(dt, ver, m, n, flags, nu, ng, de, nd, outer, C, inner, x + fo, x + fo, fb, fe);
            CHECK(same(dt, x + fo, y0 + fo, fe - fb), "tier %d: in-place forward bits differ", t);
            memcpy(x, xa, eb);
        } else {
            rc = r4j_forward(dt, ver, m, n, flags, nu, ng, de, nd, outer, C, inner, x + fo, y + fo, fb, fe);
            CHECK(same(dt, y + fo, y0 + fo, fe - fb), "tier %d: forward bits differ (dt %d ver %c m %d n %d [%lld,%lld,%lld] groups %d/%d)",
                  t, dt, "ABCN"[ver], m, n, (long long)outer, (long long)C, (long long)inner, ng, nd);
        }
        CHECK(rc == R4J_OK, "tier %d forward status %d", t, rc);
        rc = r4j_backward(dt, ver, m, n, flags, nu, ng, de, nd, outer, C, inner, x + bo, g + bo, dx + bo,
                          bb, be, (double *)(void *)gn, (double *)(void *)gd);
        CHECK(rc == R4J_OK, "tier %d backward status %d", t, rc);
        CHECK(same(dt, dx + bo, dx0 + bo, be - bb), "tier %d: dx bits differ (dt %d ver %c m %d n %d [%lld,%lld,%lld] groups %d/%d)",
              t, dt, "ABCN"[ver], m, n, (long long)outer, (long long)C, (long long)inner, ng, nd);
        CHECK(same(R4J_F64, gn, (unsigned char *)gn1, (int64_t)sn), "tier %d: numerator gradient bits differ", t);
        CHECK(same(R4J_F64, gd, (unsigned char *)gd1, (int64_t)sd), "tier %d: denominator gradient bits differ", t);
        free(xo); free(go); free(gno); free(gdo);
        if (inplace != 1) free(yo);
        if (inplace != 2) free(dxo);
    }
    r4j_set_max_isa(top);
    free(numb); free(denb); free(numo); free(deno); free(xb); free(gb); free(yb); free(dxb);
    free(gn0); free(gd0); free(gn1); free(gd1);
    return 0;
}
