/*
 * The exported entry points: argument checks, layout walking, chunk/block bookkeeping of the
 * coefficient gradients (docs/contract.md section 4). The arithmetic per element is in the tier
 * kernels; the reduction past the lane accumulators is here, in scalar f64, for every tier.
 */
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
    int64_t total = outer * channels * inner;
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
            double bk = is_f64 ? ((const double *)b)[s] : (double)((const float *)b)[s];
            double sg = bk < 0 ? -1.0 : bk > 0 ? 1.0 : bk == 0 ? (double)sgn0 : 1.0;
            r = r * sg;
        }
        bp[s] = bp[s] + r;
    }
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
        for (int64_t s = 0; s < sn; s++) grad_num[s] = grad_num[s] + bpn[s];
        for (int64_t s = 0; s < sd; s++) grad_den[s] = grad_den[s] + bpd[s];
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
