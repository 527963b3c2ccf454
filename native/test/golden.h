/*
 * Cross-platform bit identity (included by test_main.c).
 *
 *   r4j_test golden write FILE   writes the bits of a fixed set of cases (done once on x86-64,
 *                                checked in as native/test/golden.txt)
 *   r4j_test golden check FILE   every tier this CPU has must reproduce them exactly
 *
 * The cases: every dtype and version, degrees from 0 to 16, sign(0) both ways, layer-wise,
 * per-channel channels-last (the short-run path) and mixed groups, one tensor over a block.
 * Inputs come from an integer generator and exact conversions only (no libm, whose pow or exp
 * may differ between C libraries), with zeros of both signs and denormals mixed in, and NaN and
 * infinities in the odd cases. Per case the file holds an FNV-1a hash of y and of dx (NaN canonicalised: the contract
 * does not fix NaN payloads) and the f64 bits of every coefficient gradient.
 */
typedef struct { int dt, ver, m, n, flags; int64_t outer, C, inner; int ng, nd; } gcase;

static int golden_cases(gcase *out) {
    int k = 0;
    for (int dt = 0; dt < 4; dt++)
        for (int ver = 0; ver < 4; ver++)
            for (int v = 0; v < 3; v++) {
                gcase g = { dt, ver, 5, 4, 0, 3, 4, 37, 1, 1 };
                if (v == 1) { /* per channel, channels last */
                    g.m = (dt * 4 + ver) % 17;
                    g.n = ver == R4J_VERSION_C ? (dt + ver) % 17 : 1 + (dt * 3 + ver) % 16;
                    g.flags = R4J_FLAG_SIGN0_ZERO;
                    g.outer = 29; g.C = 17; g.inner = 1; g.ng = 17; g.nd = 17;
                } else if (v == 2) { /* top degrees, 3 numerator and 4 denominator groups */
                    g.m = 16; g.n = ver == R4J_VERSION_C && dt % 2 ? 0 : 16;
                    g.flags = dt % 2 ? R4J_FLAG_SIGN0_ZERO : 0;
                    g.outer = 5; g.C = 12; g.inner = 9; g.ng = 3; g.nd = 4;
                }
                out[k++] = g;
            }
    out[k++] = (gcase){ R4J_F32, R4J_VERSION_A, 5, 4, 0, 1, 1, R4J_BLOCK + 4321, 1, 1 };
    out[k++] = (gcase){ R4J_BF16, R4J_VERSION_B, 3, 2, 0, 2, 48, 800, 48, 8 };
    return k;
}

static uint64_t g_rng;
static uint64_t g_next(void) {
    g_rng ^= g_rng << 13; g_rng ^= g_rng >> 7; g_rng ^= g_rng << 17;
    return g_rng;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* hash of n stored elements, each NaN replaced by the canonical quiet NaN of its type */
static uint64_t golden_hash(int dt, const void *p, int64_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (int64_t i = 0; i < n; i++) {
        double v = get(dt, p, i);
        if (isnan(v)) {
            static const unsigned char QN[4][8] = { { 0, 0, 0xc0, 0x7f }, { 0, 0, 0, 0, 0, 0, 0xf8, 0x7f },
                                                    { 0xc0, 0x7f }, { 0, 0x7e } };
            h = fnv(h, QN[dt], esize(dt));
        } else {
            h = fnv(h, (const char *)p + (size_t)i * esize(dt), esize(dt));
        }
    }
    return h;
}

static uint64_t f64_bits(double v) {
    uint64_t u;
    if (isnan(v)) return 0x7ff8000000000000ull;
    memcpy(&u, &v, 8);
    return u;
}

/* one case's line, without the newline */
static void golden_line(int id, const gcase *g, char *line, size_t cap) {
    /* finite specials in every case; NaN and infinities only in odd cases (they make a group's
     * gradient sums NaN, which would hide the gradient bits of the even ones) */
    static const double SP[] = { 0.0, -0.0, 1e-40, 3e-8, -5.5, 1e-310, NAN, INFINITY, -INFINITY, 1e30 };
    const int nb = nb_of(g->ver, g->n);
    const int64_t N = g->outer * g->C * g->inner;
    const size_t es = esize(g->dt), ws = g->dt == R4J_F64 ? 8 : 4;
    const size_t sn = (size_t)g->ng * (g->m + 1), sd = (size_t)g->nd * nb;
    g_rng = 0x2545f4914f6cdd1dull + (uint64_t)id * 0x9e3779b97f4a7c15ull;
    unsigned char *num = malloc(ws * sn), *den = malloc(ws * sd);
    for (size_t i = 0; i < sn + sd; i++) {
        double v = (double)(int8_t)(g_next() >> 56) / 64.0; /* exact in every W */
        if (g->ver == R4J_VERSION_N && i >= sn) v /= 256.0;   /* keep Q away from 0 */
        if ((g_next() & 15) == 0) v = 0.0;
        unsigned char *d = i < sn ? num + i * ws : den + (i - sn) * ws;
        if (ws == 8) memcpy(d, &v, 8); else { float f = (float)v; memcpy(d, &f, 4); }
    }
    void *x = malloc(es * (size_t)N), *dy = malloc(es * (size_t)N), *y = malloc(es * (size_t)N),
         *dx = malloc(es * (size_t)N);
    for (int64_t i = 0; i < N; i++) {
        double v = (double)(int32_t)(g_next() >> 32) * 0x1p-30; /* [-2, 2) */
        if (i % 13 == 5) v = SP[(g_next() >> 40) % (id % 2 ? 10 : 6)];
        put(g->dt, x, i, v);
        put(g->dt, dy, i, (double)(int32_t)(g_next() >> 32) * 0x1p-31);
    }
    double *gn = calloc(sn, 8), *gd = calloc(sd, 8);
    int rc = r4j_forward(g->dt, g->ver, g->m, g->n, g->flags, num, g->ng, den, g->nd, g->outer, g->C,
                         g->inner, x, y, 0, N);
    rc |= r4j_backward(g->dt, g->ver, g->m, g->n, g->flags, num, g->ng, den, g->nd, g->outer, g->C,
                       g->inner, x, dy, dx, 0, N, gn, gd);
    if (rc != R4J_OK) FAIL("golden case %d: status %d", id, rc);
    int k = snprintf(line, cap, "%d %s %c m=%d n=%d flags=%d [%lld,%lld,%lld] groups=%d/%d y=%016llx dx=%016llx gn=",
                     id, DT_NAME[g->dt], VER_NAME[g->ver], g->m, g->n, g->flags, (long long)g->outer,
                     (long long)g->C, (long long)g->inner, g->ng, g->nd,
                     (unsigned long long)golden_hash(g->dt, y, N), (unsigned long long)golden_hash(g->dt, dx, N));
    for (size_t i = 0; i < sn + sd && (size_t)k + 20 < cap; i++) {
        if (i == sn) k += snprintf(line + k, cap - (size_t)k, " gd=");
        k += snprintf(line + k, cap - (size_t)k, "%s%016llx", i == 0 || i == sn ? "" : ",",
                      (unsigned long long)f64_bits(i < sn ? gn[i] : gd[i - sn]));
    }
    free(num); free(den); free(x); free(dy); free(y); free(dx); free(gn); free(gd);
}

static void test_golden(const char *mode, const char *path) {
    enum { MAXC = 64, CAP = 16384 };
    static gcase cs[MAXC];
    const int nc = golden_cases(cs);
    char *line = malloc(CAP), *want = malloc(CAP);
    if (strcmp(mode, "write") == 0) {
        FILE *f = fopen(path, "w");
        if (f == NULL) { FAIL("cannot write %s", path); return; }
        fprintf(f, "# rational4j golden bits (native/test/golden.h); written by: r4j_test golden write\n");
        for (int i = 0; i < nc; i++) {
            golden_line(i, &cs[i], line, CAP);
            fprintf(f, "%s\n", line);
        }
        fclose(f);
        printf("golden: %d cases written to %s\n", nc, path);
    } else {
        const int top = r4j_cpu_isa();
        for (int t = 0; t <= top; t++) {
            r4j_set_max_isa(t);
            FILE *f = fopen(path, "r");
            if (f == NULL) { FAIL("cannot read %s", path); return; }
            int i = 0;
            while (fgets(want, CAP, f) != NULL) {
                if (want[0] == '#') continue;
                want[strcspn(want, "\r\n")] = 0;
                if (i >= nc) { FAIL("golden file has more cases than the test"); break; }
                golden_line(i, &cs[i], line, CAP);
                if (strcmp(line, want) != 0) FAIL("golden case %d differs on tier %s:\n  want %s\n  got  %s", i, r4j_isa_name(t), want, line);
                i++;
            }
            fclose(f);
            if (i != nc) FAIL("golden file has %d cases, the test %d", i, nc);
        }
        r4j_set_max_isa(top);
        printf("golden: %d cases, bit for bit on tiers scalar..%s\n", nc, r4j_isa_name(top));
    }
    free(line); free(want);
}
