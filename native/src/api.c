/*
 * The exported entry points: argument checks, layout walking, chunk/block bookkeeping of the
 * coefficient gradients (docs/contract.md section 4). The arithmetic per element is in the tier
 * kernels; the reduction past the lane accumulators is here, in scalar f64, for every tier.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

int32_t r4j_abi_version(void) { return R4J_ABI_VERSION; }

/* Elements e and e+1 share a channel unless (e+1) % inner == 0; channels c and c+1 share their
 * group pair unless c+1 starts a new numerator or denominator group. */
typedef struct {
    int64_t inner, channels, cpn, cpd; /* cpn, cpd: channels per numerator/denominator group */
    int single;                        /* 1/1 groups: the whole range is one run */
} layout;

/* End (exclusive, <= limit) of the run that starts at e, and its group pair. */
static int64_t run_end(const layout *L, int64_t e, int64_t limit, int64_t *gn, int64_t *gd) {
    if (L->single) {
        *gn = *gd = 0;
        return limit;
    }
    int64_t row = e / L->inner, c = row % L->channels;
    int64_t n = c / L->cpn, d = c / L->cpd;
    int64_t ce = (n + 1) * L->cpn, ce2 = (d + 1) * L->cpd;
    if (ce2 < ce) ce = ce2;
    int64_t stop = (row - c + ce) * L->inner;
    *gn = n;
    *gd = d;
    return stop < limit ? stop : limit;
}

/* ---------------------------------------------------------------------------------------------
 * Short-run path. When group runs are shorter than a vector (per-channel groups on a
 * channels-last tensor: one element per run), one kernel call per run costs far more than the
 * arithmetic. Instead the coefficients are expanded into a table indexed by r = e mod Q, with
 * P = C * inner the period of the channel pattern and Q = lcm(P, 16) (a multiple of 16, so
 * r % 16 == e % 16 is the contract lane), and the kernels load them per lane.
 *
 * For the backward, the lane accumulator of (group g, lane l) is kept at column r of an
 * accumulator table of the same shape. That is only the contract's accumulator if no two columns
 * of one period map to the same (g, l): a group's elements in a period are a block of
 * L = channels-per-group * inner positions, and over Q the block's copies are shifted by the
 * multiples of d = gcd(P, 16), so the map is one-to-one exactly when L <= d. Then every (g, l)
 * accumulator lives in one column, is visited in increasing e and starts at +0.0: the
 * contract's order. Layouts that fail this (e.g. groups of 3 channels with C = 9) keep the run
 * path.
 */
#define R4J_SHORT_RUN 16        /* runs shorter than this take the short-run path */
#define R4J_SHORT_MAX_Q (1 << 20) /* bound on the table length (scratch) */

static int64_t gcd64(int64_t a, int64_t b) {
    while (b) { int64_t t = a % b; a = b; b = t; }
    return a;
}

typedef struct {
    int64_t P, Q, d, Ln, Ld; /* period, table length, gcd(P, 16), elements per group run */
} shortlay;

/* 1 if the layout has short runs and fits the table; fills S */
static int short_layout(const layout *L, shortlay *S) {
    if (L->single) return 0;
    S->P = L->channels * L->inner;
    S->Ln = L->cpn * L->inner;
    S->Ld = L->cpd * L->inner;
    if ((S->Ln < S->Ld ? S->Ln : S->Ld) >= R4J_SHORT_RUN) return 0;
    S->d = gcd64(S->P, 16);
    S->Q = S->P / S->d * 16;
    return S->Q <= R4J_SHORT_MAX_Q;
}

/* tab[k][Q + 16]: column r holds the coefficients of the element at position r (mod Q) of the
 * channel pattern; rows a[0..m], then b[0..nb-1] (|b| for version A, as the run kernels use) */
static void build_table(void *tab, int is_f64, const layout *L, const shortlay *S,
                        const void *num, const void *den, int m, int nb, int version) {
    const int64_t ts = S->Q + 16, nc = m + 1 + nb;
    for (int64_t r = 0; r < ts; r++) {
        const int64_t c = ((r % S->Q) % S->P) / L->inner, gn = c / L->cpn, gd = c / L->cpd;
        for (int64_t k = 0; k < nc; k++) {
            const int64_t i = k <= m ? gn * (m + 1) + k : gd * nb + (k - m - 1);
            const int absb = k > m && version == R4J_VERSION_A;
            if (is_f64) {
                const double v = R4J_LD((k <= m ? (const double *)num : (const double *)den) + i);
                ((double *)tab)[k * ts + r] = absb ? fabs(v) : v;
            } else {
                const float v = R4J_LD((k <= m ? (const float *)num : (const float *)den) + i);
                ((float *)tab)[k * ts + r] = absb ? fabsf(v) : v;
            }
        }
    }
}

static size_t dtype_size(int32_t dtype) {
    return dtype == R4J_F64 ? 8 : dtype == R4J_F32 ? 4 : 2;
}

/* The cheap re-checks of the header; on success fills the layout. */
static int check(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                 const void *num, int32_t num_groups, const void *den, int32_t den_groups,
                 int64_t outer, int64_t channels, int64_t inner, int64_t begin, int64_t end,
                 layout *L) {
    if (dtype < R4J_F32 || dtype > R4J_F16 || version < R4J_VERSION_A || version > R4J_VERSION_N)
        return 0;
    if (m < 0 || m > R4J_MAX_DEGREE || n > R4J_MAX_DEGREE) return 0;
    if (n < (version == R4J_VERSION_C ? 0 : 1)) return 0;
    if ((flags & ~R4J_FLAG_SIGN0_ZERO) != 0) return 0;
    if (num == NULL || den == NULL || num_groups < 1 || den_groups < 1) return 0;
    if (outer < 0 || channels < 1 || inner < 1) return 0;
    if (channels % num_groups != 0 || channels % den_groups != 0) return 0;
    int64_t plane, total; /* a product past int64 is an error, not a wrapped size */
    if (__builtin_mul_overflow(channels, inner, &plane) ||
        __builtin_mul_overflow(plane, outer, &total))
        return 0;
    if (begin < 0 || begin > end || end > total) return 0;
    L->inner = inner;
    L->channels = channels;
    L->cpn = channels / num_groups;
    L->cpd = channels / den_groups;
    L->single = num_groups == 1 && den_groups == 1;
    return 1;
}

int32_t r4j_forward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                    const void *num, int32_t num_groups, const void *den, int32_t den_groups,
                    int64_t outer, int64_t channels, int64_t inner, const void *x, void *y,
                    int64_t begin, int64_t end) {
    layout L;
    if (!check(dtype, version, m, n, flags, num, num_groups, den, den_groups, outer, channels,
               inner, begin, end, &L))
        return R4J_ERR_ARGUMENT;
    if (begin == end) return R4J_OK;
    if (x == NULL || y == NULL) return R4J_ERR_ARGUMENT;
    const r4j_fwd_fn fwd = r4j_table()->fwd[dtype][version];
    const size_t es = dtype_size(dtype), ws = dtype == R4J_F64 ? 8 : 4;
    const int nb = version == R4J_VERSION_C ? n + 1 : n;
    const int stream = (uint64_t)(end - begin) * es >= R4J_STREAM_BYTES;
    r4j_coefs c = { m, n, (flags & R4J_FLAG_SIGN0_ZERO) ? 0 : 1, num, den };
    shortlay S;
    const r4j_fwdt_fn fwdt = r4j_table()->fwdt[dtype][version];
    if (fwdt != NULL && short_layout(&L, &S)) {
        void *tab = malloc((size_t)(m + 1 + nb) * (size_t)(S.Q + 16) * ws);
        if (tab != NULL) { /* else: the run path, which needs no memory */
            build_table(tab, dtype == R4J_F64, &L, &S, num, den, m, nb, version);
            fwdt(&c, tab, S.Q, begin % S.Q, x, y, end - begin, stream);
            free(tab);
            return R4J_OK;
        }
    }
    for (int64_t e = begin; e < end;) {
        int64_t gn, gd, stop = run_end(&L, e, end, &gn, &gd);
        c.a = (const char *)num + (size_t)gn * (size_t)(m + 1) * ws;
        c.b = (const char *)den + (size_t)gd * (size_t)nb * ws;
        fwd(&c, (const char *)x + (size_t)(e - begin) * es, (char *)y + (size_t)(e - begin) * es,
            stop - e, stream);
        e = stop;
    }
    return R4J_OK;
}

/* contract section 4.3: lane accumulators to f64, fixed halving tree */
static double tree16(double v[16]) {
    for (int l = 0; l < 8; l++) v[l] = v[l] + v[l + 8];
    for (int l = 0; l < 4; l++) v[l] = v[l] + v[l + 4];
    for (int l = 0; l < 2; l++) v[l] = v[l] + v[l + 2];
    return v[0] + v[1];
}

/* Chunk partials of `slots` consecutive slots into the block partials bp; the accumulators are
 * reset to +0.0 for the next chunk. sgnb: version A's sign(b[k]) per slot, or NULL. */
static void reduce_slots(void *acc, int is_f64, int64_t slots, double *bp, const void *b,
                         int sgn0) {
    double v[16];
    for (int64_t s = 0; s < slots; s++) {
        if (is_f64) {
            double *a = (double *)acc + s * 16;
            for (int l = 0; l < 16; l++) v[l] = a[l];
            memset(a, 0, 16 * sizeof(double));
        } else {
            float *a = (float *)acc + s * 16;
            for (int l = 0; l < 16; l++) v[l] = (double)a[l];
            memset(a, 0, 16 * sizeof(float));
        }
        double r = tree16(v);
        if (b != NULL) { /* version A: dQ/db[k] = sign(b[k]) |x|^(k+1), sign applied here */
            double bk = is_f64 ? R4J_LD((const double *)b + s) : (double)R4J_LD((const float *)b + s);
            double sg = bk < 0 ? -1.0 : bk > 0 ? 1.0 : bk == 0 ? (double)sgn0 : 1.0;
            r = r * sg;
        }
        bp[s] = bp[s] + r;
    }
}

/* group of flat element e in a family with `cp` channels per group */
static int64_t group_of(const layout *L, int64_t e, int64_t cp) {
    return ((e / L->inner) % L->channels) / cp;
}

/* One slot family (numerator or denominator) of the short-run backward. */
typedef struct {
    int64_t groups, nc, cp, run;   /* groups, slots per group, channels per group, L */
    int single;                    /* every (group, lane) pair: one lane per group, column = g */
    void *acc;                     /* row 0 of the family's accumulators [nc][Q + 16] */
    double *bp;                    /* block partials [nc][groups] */
    const double *sg;              /* version A denominator: sign(b) [nc][groups], else NULL */
    int32_t *cols;                 /* [groups][16]: column of (g, lane) or -1 */
} family;

/* chunk end for the elements [c0, c1) of a family: chunk partials into bp, accumulators reset */
static void reduce_family(const family *F, const layout *L, const shortlay *S, int is_f64,
                          r4j_red1_fn red1, int64_t c0, int64_t c1) {
    const int64_t ts = S->Q + 16, len = c1 - c0;
    const size_t ws = is_f64 ? 8 : 4;
    if (F->single) { /* column = group: element-wise, vectorised in the tier */
        int64_t lo = c0 % S->Q, n1 = len >= S->Q ? S->Q - lo : (lo + len <= S->Q ? len : S->Q - lo);
        int64_t n2 = (len >= S->Q ? S->Q : len) - n1;
        for (int64_t i = 0; i < F->nc; i++) {
            char *a = (char *)F->acc + (size_t)(i * ts) * ws;
            double *bp = F->bp + i * F->groups;
            const double *sg = F->sg ? F->sg + i * F->groups : NULL;
            red1(a + (size_t)lo * ws, bp + lo, sg ? sg + lo : NULL, n1);
            if (n2 > 0) red1(a, bp, sg, n2);
        }
        return;
    }
    /* groups met by [c0, c1), cyclically from the group of c0 */
    const int64_t p0 = c0 % S->P;
    int64_t ng = len >= S->P ? F->groups : (p0 + len - 1) / F->run - p0 / F->run + 1;
    if (ng > F->groups) ng = F->groups;
    int64_t g = group_of(L, c0, F->cp);
    double v[16];
    for (int64_t t = 0; t < ng; t++, g = g + 1 == F->groups ? 0 : g + 1) {
        const int32_t *cols = F->cols + g * 16;
        for (int64_t i = 0; i < F->nc; i++) {
            if (is_f64) {
                double *a = (double *)F->acc + i * ts;
                for (int l = 0; l < 16; l++) {
                    v[l] = cols[l] >= 0 ? a[cols[l]] : 0.0;
                    if (cols[l] >= 0) a[cols[l]] = 0.0;
                }
            } else {
                float *a = (float *)F->acc + i * ts;
                for (int l = 0; l < 16; l++) {
                    v[l] = cols[l] >= 0 ? (double)a[cols[l]] : 0.0;
                    if (cols[l] >= 0) a[cols[l]] = 0.0f;
                }
            }
            double r = tree16(v);
            if (F->sg != NULL) r = r * F->sg[i * F->groups + g];
            F->bp[i * F->groups + g] = F->bp[i * F->groups + g] + r;
        }
    }
}

static int32_t backward_short(const layout *L, const shortlay *S, r4j_bwdt_fn bwdt,
                              r4j_red1_fn red1, int32_t dtype, int32_t version, const r4j_coefs *c,
                              int32_t num_groups, int32_t den_groups, const void *x,
                              const void *dy, void *dx, int64_t begin, int64_t end,
                              double *grad_num, double *grad_den, int stream) {
    const int is_f64 = dtype == R4J_F64;
    const size_t es = dtype_size(dtype), ws = is_f64 ? 8 : 4;
    const int m = c->m, nb = version == R4J_VERSION_C ? c->n + 1 : c->n;
    const int64_t nc = m + 1 + nb, ts = S->Q + 16;
    const int64_t sn = (int64_t)num_groups * (m + 1), sd = (int64_t)den_groups * nb;
    const size_t tab_bytes = (size_t)(nc * ts) * ws;
    const size_t need = 2 * tab_bytes + (size_t)(sn + 2 * sd) * sizeof(double) +
                        (size_t)(num_groups + den_groups) * 16 * sizeof(int32_t);
    unsigned char *mem = malloc(need);
    if (mem == NULL) return R4J_ERR_NO_MEMORY;
    void *tab = mem, *acc = mem + tab_bytes;
    double *bpn = (double *)(void *)(mem + 2 * tab_bytes), *bpd = bpn + sn, *sgv = bpd + sd;
    int32_t *colsn = (int32_t *)(void *)(sgv + sd), *colsd = colsn + (int64_t)num_groups * 16;
    build_table(tab, is_f64, L, S, c->a, c->b, m, nb, version);
    memset(acc, 0, tab_bytes);
    for (int64_t i = 0; i < (int64_t)(num_groups + den_groups) * 16; i++) colsn[i] = -1;
    for (int64_t r = 0; r < S->Q; r++) {
        const int64_t ch = (r % S->P) / L->inner;
        colsn[ch / L->cpn * 16 + r % 16] = (int32_t)r;
        colsd[ch / L->cpd * 16 + r % 16] = (int32_t)r;
    }
    if (version == R4J_VERSION_A) { /* contract 4.3: the chunk partial times sign(b[k]) */
        for (int64_t g = 0; g < den_groups; g++)
            for (int64_t k = 0; k < nb; k++) {
                double bk = is_f64 ? R4J_LD((const double *)c->b + g * nb + k)
                                   : (double)R4J_LD((const float *)c->b + g * nb + k);
                sgv[k * den_groups + g] = bk < 0 ? -1.0 : bk > 0 ? 1.0 : bk == 0 ? (double)c->sgn0 : 1.0;
            }
    }
    const family fn = { num_groups, m + 1, L->cpn, S->Ln, S->Ln == 1 && S->d == 16, acc, bpn,
                        NULL, colsn };
    const family fd = { den_groups, nb, L->cpd, S->Ld, S->Ld == 1 && S->d == 16,
                        (char *)acc + (size_t)((m + 1) * ts) * ws, bpd,
                        version == R4J_VERSION_A ? sgv : NULL, colsd };
    for (int64_t b0 = begin; b0 < end; b0 += R4J_BLOCK) {
        const int64_t b1 = end - b0 < R4J_BLOCK ? end : b0 + R4J_BLOCK;
        memset(bpn, 0, (size_t)(sn + sd) * sizeof(double));
        for (int64_t c0 = b0; c0 < b1; c0 += R4J_CHUNK) {
            const int64_t c1 = b1 - c0 < R4J_CHUNK ? b1 : c0 + R4J_CHUNK;
            const size_t off = (size_t)(c0 - begin) * es;
            bwdt(c, tab, S->Q, c0 % S->Q, (const char *)x + off, (const char *)dy + off,
                 (char *)dx + off, c1 - c0, acc, stream);
            reduce_family(&fn, L, S, is_f64, red1, c0, c1);
            reduce_family(&fd, L, S, is_f64, red1, c0, c1);
        }
        /* block end: G = G + P_block for every slot (contract 4.5); bp is [slot][group] */
        for (int64_t g = 0; g < num_groups; g++)
            for (int64_t i = 0; i <= m; i++) {
                double *G = grad_num + g * (m + 1) + i;
                R4J_ST(G, R4J_LD(G) + bpn[i * num_groups + g]);
            }
        for (int64_t g = 0; g < den_groups; g++)
            for (int64_t k = 0; k < nb; k++) {
                double *G = grad_den + g * nb + k;
                R4J_ST(G, R4J_LD(G) + bpd[k * den_groups + g]);
            }
    }
    free(mem);
    return R4J_OK;
}

#define R4J_STACK_SCRATCH 24576

int32_t r4j_backward(int32_t dtype, int32_t version, int32_t m, int32_t n, int32_t flags,
                     const void *num, int32_t num_groups, const void *den, int32_t den_groups,
                     int64_t outer, int64_t channels, int64_t inner, const void *x,
                     const void *dy, void *dx, int64_t begin, int64_t end, double *grad_num,
                     double *grad_den) {
    layout L;
    if (!check(dtype, version, m, n, flags, num, num_groups, den, den_groups, outer, channels,
               inner, begin, end, &L))
        return R4J_ERR_ARGUMENT;
    const int64_t total = outer * channels * inner;
    if (begin % R4J_BLOCK != 0 || (end % R4J_BLOCK != 0 && end != total)) return R4J_ERR_ARGUMENT;
    if (begin == end) return R4J_OK;
    if (x == NULL || dy == NULL || dx == NULL || grad_num == NULL || grad_den == NULL)
        return R4J_ERR_ARGUMENT;

    const r4j_bwd_fn bwd = r4j_table()->bwd[dtype][version];
    const int is_f64 = dtype == R4J_F64;
    const size_t es = dtype_size(dtype), ws = is_f64 ? 8 : 4;
    const int nb = version == R4J_VERSION_C ? n + 1 : n;
    const int sgn0 = (flags & R4J_FLAG_SIGN0_ZERO) ? 0 : 1;
    const int stream = (uint64_t)(end - begin) * es >= R4J_STREAM_BYTES;
    const int64_t sn = (int64_t)num_groups * (m + 1), sd = (int64_t)den_groups * nb;

    {
        const r4j_kernels *t = r4j_table();
        shortlay S;
        if (t->bwdt[dtype][version] != NULL && short_layout(&L, &S) && S.Ln <= S.d &&
            S.Ld <= S.d) {
            r4j_coefs c = { m, n, sgn0, num, den };
            return backward_short(&L, &S, t->bwdt[dtype][version], t->red1[is_f64], dtype,
                                  version, &c, num_groups, den_groups, x, dy, dx, begin, end,
                                  grad_num, grad_den, stream);
        }
    }

    /* scratch: lane accumulators [slots][16] W, block partials [slots] f64, touched flags */
    const size_t acc_bytes = (size_t)(sn + sd) * 16 * ws;
    const size_t bp_bytes = (size_t)(sn + sd) * sizeof(double);
    const size_t need = acc_bytes + bp_bytes + (size_t)(num_groups + den_groups);
    _Alignas(64) unsigned char stack[R4J_STACK_SCRATCH];
    unsigned char *mem = stack;
    if (need > sizeof stack) {
        mem = malloc(need);
        if (mem == NULL) return R4J_ERR_NO_MEMORY;
    }
    void *accn = mem, *accd = mem + (size_t)sn * 16 * ws;
    double *bp = (double *)(void *)(mem + acc_bytes), *bpn = bp, *bpd = bp + sn;
    unsigned char *tn = mem + acc_bytes + bp_bytes, *td = tn + num_groups;
    memset(mem, 0, acc_bytes); /* +0.0 in every accumulator */
    memset(tn, 0, (size_t)(num_groups + den_groups));

    r4j_coefs c = { m, n, sgn0, num, den };
    for (int64_t b0 = begin; b0 < end; b0 += R4J_BLOCK) {
        const int64_t b1 = end - b0 < R4J_BLOCK ? end : b0 + R4J_BLOCK;
        memset(bp, 0, bp_bytes);
        for (int64_t c0 = b0; c0 < b1; c0 += R4J_CHUNK) {
            const int64_t c1 = b1 - c0 < R4J_CHUNK ? b1 : c0 + R4J_CHUNK;
            for (int64_t e = c0; e < c1;) {
                int64_t gn, gd, stop = run_end(&L, e, c1, &gn, &gd);
                const size_t off = (size_t)(e - begin) * es;
                c.a = (const char *)num + (size_t)gn * (size_t)(m + 1) * ws;
                c.b = (const char *)den + (size_t)gd * (size_t)nb * ws;
                bwd(&c, (const char *)x + off, (const char *)dy + off, (char *)dx + off,
                    stop - e, (int)(e & 15), (char *)accn + (size_t)gn * (size_t)(m + 1) * 16 * ws,
                    (char *)accd + (size_t)gd * (size_t)nb * 16 * ws, stream);
                tn[gn] = td[gd] = 1;
                e = stop;
            }
            /* chunk end: partials of the touched groups, in any group order (slots are
             * independent); untouched slots would add +0.0 and change nothing */
            for (int32_t g = 0; g < num_groups; g++) {
                if (!tn[g]) continue;
                tn[g] = 0;
                reduce_slots((char *)accn + (size_t)g * (size_t)(m + 1) * 16 * ws, is_f64, m + 1,
                             bpn + (int64_t)g * (m + 1), NULL, sgn0);
            }
            for (int32_t g = 0; g < den_groups; g++) {
                if (!td[g]) continue;
                td[g] = 0;
                reduce_slots((char *)accd + (size_t)g * (size_t)nb * 16 * ws, is_f64, nb,
                             bpd + (int64_t)g * nb,
                             version == R4J_VERSION_A ? (const char *)den + (size_t)g * nb * ws
                                                      : NULL,
                             sgn0);
            }
        }
        /* block end: G = G + P_block for every slot (contract 4.5) */
        for (int64_t s = 0; s < sn; s++) R4J_ST(grad_num + s, R4J_LD(grad_num + s) + bpn[s]);
        for (int64_t s = 0; s < sd; s++) R4J_ST(grad_den + s, R4J_LD(grad_den + s) + bpd[s]);
    }
    if (mem != stack) free(mem);
    return R4J_OK;
}

int32_t r4j_yardstick_mul_f32(const float *x, const float *dy, float *dx, int64_t n) {
    if (n < 0 || (n > 0 && (x == NULL || dy == NULL || dx == NULL))) return R4J_ERR_ARGUMENT;
    if (n > 0) r4j_table()->mul(x, dy, dx, n);
    return R4J_OK;
}

int32_t r4j_convert(int32_t from, int32_t to, const void *src, void *dst, int64_t n) {
    if (n < 0 || (n > 0 && (src == NULL || dst == NULL))) return R4J_ERR_ARGUMENT;
    const r4j_kernels *t = r4j_table();
    if (from == R4J_F32 && (to == R4J_BF16 || to == R4J_F16)) {
        if (n > 0) t->narrow[to](src, dst, n);
        return R4J_OK;
    }
    if (to == R4J_F32 && (from == R4J_BF16 || from == R4J_F16)) {
        if (n > 0) t->widen[from](src, dst, n);
        return R4J_OK;
    }
    return R4J_ERR_ARGUMENT;
}
