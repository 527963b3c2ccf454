/*
 * Kernel template: the forward and fused backward of docs/contract.md, written once over a small
 * set of vector macros and included by every tier once per element type (no include guard).
 *
 * The including file defines:
 *   W, W_PT1                 working precision and the literal 0.1 in it
 *   V, VN                    vector type of W and its lane count (1 for the scalar tier)
 *   MK, MK_RANGE(lo, hi)     lane mask type, mask of lanes [lo, hi)
 *   V_SET1 V_ZERO V_FMA V_MUL V_DIV V_ADD V_NEG V_ABS   IEEE ops, one rounding each
 *   V_SIGN(v, s0)            -1 where v < 0, s0 where v == 0, +1 elsewhere (NaN too)
 *   V_BLEND(mk, old, new)    new in the lanes of mk, old elsewhere
 *   V_LOADW(p) V_STOREW(p,v) unaligned load/store of W (accumulators)
 *   S, V_LOAD(p) V_STORE(p,v) V_STREAM(p,v) STREAM_ALIGN   storage type, load with widening,
 *                            store with narrowing (RNE), non-temporal store and its alignment
 *   R4J_SFENCE()             orders the non-temporal stores (nothing in the scalar tier)
 *   NAME(f)                  pastes the instantiation suffix onto f
 * and optionally R4J_SPECIALIZE(impl, ...) to route common degrees to constant-degree copies.
 *
 * Everything is written with `const int` version/degree parameters and always_inline, so the
 * generic kernel (runtime degrees) and the specialised ones (constant degrees, loops unrolled,
 * accumulators in registers) come from the same source.
 */

#define NV (16 / VN) /* vectors per 16-lane group (contract: LANES = 16) */

#ifndef R4J_AI
#define R4J_AI static inline __attribute__((always_inline))
#endif

typedef struct {
    V a[R4J_MAX_DEGREE + 1]; /* broadcast numerator */
    V b[R4J_MAX_DEGREE + 1]; /* broadcast denominator, |b| for version A */
    V one, pt1, s0;
} NAME(cvec);

R4J_AI void NAME(load_coefs)(NAME(cvec) *k, const r4j_coefs *c, const int ver, const int m,
                             const int nb) {
    const W *a = (const W *)c->a, *b = (const W *)c->b;
    for (int i = 0; i <= m; i++) k->a[i] = V_SET1(R4J_LD(a + i));
    for (int i = 0; i < nb; i++)
        k->b[i] = ver == R4J_VERSION_A ? V_ABS(V_SET1(R4J_LD(b + i))) : V_SET1(R4J_LD(b + i));
    k->one = V_SET1((W)1);
    k->pt1 = V_SET1(W_PT1);
    k->s0 = V_SET1((W)c->sgn0);
}

/* contract section 2 */
R4J_AI V NAME(fwd1)(const NAME(cvec) *k, V x, const int ver, const int m, const int n) {
    V p = k->a[m], q;
    for (int i = m - 1; i >= 0; i--) p = V_FMA(p, x, k->a[i]);
    if (ver == R4J_VERSION_A || ver == R4J_VERSION_N) {
        /* Q = 1 + sum b_j xq^(j+1), xq = |x| for A (whose table holds |b|), x for N */
        V xq = ver == R4J_VERSION_A ? V_ABS(x) : x;
        q = k->b[n - 1];
        for (int j = n - 2; j >= 0; j--) q = V_FMA(q, xq, k->b[j]);
        q = V_FMA(q, xq, k->one);
    } else if (ver == R4J_VERSION_B) {
        V s = k->b[n - 1];
        for (int j = n - 2; j >= 0; j--) s = V_FMA(s, x, k->b[j]);
        s = V_MUL(s, x);
        q = V_ADD(k->one, V_ABS(s));
    } else { /* C */
        V s = k->b[n];
        for (int j = n - 1; j >= 0; j--) s = V_FMA(s, x, k->b[j]);
        q = V_ADD(k->pt1, V_ABS(s));
    }
    return V_DIV(p, q);
}

/* acc += f * pw, only in the lanes of mk when masked (lanes outside the run keep their sum) */
#define R4J_ACC(acc, f, pw)                                                                      \
    do {                                                                                         \
        V nv_ = V_FMA((f), (pw), (acc));                                                        \
        (acc) = masked ? V_BLEND(mk, (acc), nv_) : nv_;                                          \
    } while (0)

/* contract section 3: returns dx, adds the coefficient-gradient contributions to an/ad */
R4J_AI V NAME(bwd1)(const NAME(cvec) *k, V x, V g, V *an, V *ad, MK mk, const int masked,
                    const int ver, const int m, const int n) {
    (void)mk;
    V p = k->a[m], dp = V_ZERO;
    for (int i = m - 1; i >= 0; i--) {
        dp = V_FMA(dp, x, p);
        p = V_FMA(p, x, k->a[i]);
    }
    V q, dq, sg = k->one, base = x;
    if (ver == R4J_VERSION_A || ver == R4J_VERSION_N) {
        /* Q and dQ/dxq with xq = |x| for A, x for N; A's dQ/dx takes sign(x) */
        V xq = ver == R4J_VERSION_A ? V_ABS(x) : x;
        q = k->b[n - 1];
        dq = V_ZERO;
        for (int j = n - 2; j >= 0; j--) {
            dq = V_FMA(dq, xq, q);
            q = V_FMA(q, xq, k->b[j]);
        }
        dq = V_FMA(dq, xq, q);
        q = V_FMA(q, xq, k->one);
        if (ver == R4J_VERSION_A) dq = V_MUL(V_SIGN(x, k->s0), dq);
        base = xq;
    } else { /* B and C */
        const int top = ver == R4J_VERSION_B ? n - 1 : n;
        V s = k->b[top], ds = V_ZERO;
        for (int j = top - 1; j >= 0; j--) {
            ds = V_FMA(ds, x, s);
            s = V_FMA(s, x, k->b[j]);
        }
        if (ver == R4J_VERSION_B) {
            ds = V_FMA(ds, x, s);
            s = V_MUL(s, x);
            q = V_ADD(k->one, V_ABS(s));
        } else {
            q = V_ADD(k->pt1, V_ABS(s));
        }
        sg = V_SIGN(s, k->s0);
        dq = V_MUL(sg, ds);
    }
    V y = V_DIV(p, q);
    V t = V_DIV(g, q);
    V dx = V_MUL(t, V_FMA(V_NEG(y), dq, dp));
    V u = V_MUL(t, y);
    V w = (ver == R4J_VERSION_B || ver == R4J_VERSION_C) ? V_NEG(V_MUL(u, sg)) : V_NEG(u);

    /* powers by repeated multiplication: x^0 = 1, x^(i+1) = x^i * x */
    V pw = k->one;
    R4J_ACC(an[0], t, pw);
    for (int i = 1; i <= m; i++) {
        pw = V_MUL(pw, x);
        R4J_ACC(an[i], t, pw);
    }
    pw = k->one;
    if (ver == R4J_VERSION_C) {
        R4J_ACC(ad[0], w, pw);
        for (int j = 1; j <= n; j++) {
            pw = V_MUL(pw, x);
            R4J_ACC(ad[j], w, pw);
        }
    } else {
        for (int j = 0; j < n; j++) {
            pw = V_MUL(pw, base);
            R4J_ACC(ad[j], w, pw);
        }
    }
    return dx;
}
#undef R4J_ACC

/* ---------------------------------------------------------------------------------------------
 * Forward over a run. Lanes do not matter here; with `stream` the output is first brought to
 * STREAM_ALIGN so that the main loop can use non-temporal stores. Partial vectors go through a
 * zero-filled buffer, which works for every storage type and gives the same bits per element.
 */
R4J_AI void NAME(fwd_part)(const NAME(cvec) *k, const S *x, S *y, int64_t len, const int ver,
                           const int m, const int n) {
    S bx[VN], by[VN];
    memset(bx, 0, sizeof bx);
    memcpy(bx, x, (size_t)len * sizeof(S));
    V_STORE(by, NAME(fwd1)(k, V_LOAD(bx), ver, m, n));
    memcpy(y, by, (size_t)len * sizeof(S));
}

R4J_AI void NAME(fwd_impl)(const r4j_coefs *c, const S *x, S *y, int64_t count, int stream,
                           const int ver, const int m, const int n) {
    NAME(cvec) k;
    NAME(load_coefs)(&k, c, ver, m, ver == R4J_VERSION_C ? n + 1 : n);
    int64_t j = 0;
    if (VN > 1 && stream && ((uintptr_t)y % sizeof(S)) == 0) {
        int64_t head = (int64_t)(((STREAM_ALIGN - (uintptr_t)y % STREAM_ALIGN) % STREAM_ALIGN) /
                                 sizeof(S));
        if (head > count) head = count;
        for (; j + VN <= head; j += VN) V_STORE(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
        if (j < head) NAME(fwd_part)(&k, x + j, y + j, head - j, ver, m, n);
        j = head;
        for (; j + VN <= count; j += VN) V_STREAM(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
        R4J_SFENCE();
    }
    for (; j + VN <= count; j += VN) V_STORE(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
    if (j < count) NAME(fwd_part)(&k, x + j, y + j, count - j, ver, m, n);
}

/* ---------------------------------------------------------------------------------------------
 * Backward over a run (inside one chunk). Vector s of a 16-lane group holds lanes
 * [s*VN, (s+1)*VN) and has its own accumulator set an[s], ad[s]: each lane sums its elements in
 * increasing flat index, as the contract says, whatever VN is. Groups are aligned to flat index
 * multiples of 16, so the run's first and last groups can be partial: those go lane-masked.
 */
typedef struct {
    V an[NV][R4J_MAX_DEGREE + 1];
    V ad[NV][R4J_MAX_DEGREE + 1];
} NAME(accs);

/* the 16-lane group starting at local index j, lanes outside [0, count) untouched */
R4J_AI void NAME(bwd_group_checked)(const NAME(cvec) *k, NAME(accs) *A, const S *x, const S *dy,
                                    S *dx, int64_t j, int64_t count, const int ver, const int m,
                                    const int n) {
    for (int s = 0; s < NV; s++) {
        int64_t jj = j + (int64_t)s * VN;
        int64_t lo = jj < 0 ? -jj : 0, hi = count - jj < VN ? count - jj : VN;
        if (lo >= hi) continue;
        S bx[VN], bg[VN], bd[VN];
        memset(bx, 0, sizeof bx);
        memset(bg, 0, sizeof bg);
        memcpy(bx + lo, x + jj + lo, (size_t)(hi - lo) * sizeof(S));
        memcpy(bg + lo, dy + jj + lo, (size_t)(hi - lo) * sizeof(S));
        V d = NAME(bwd1)(k, V_LOAD(bx), V_LOAD(bg), A->an[s], A->ad[s], MK_RANGE(lo, hi), 1, ver,
                         m, n);
        V_STORE(bd, d);
        memcpy(dx + jj + lo, bd + lo, (size_t)(hi - lo) * sizeof(S));
    }
}

R4J_AI void NAME(bwd_groups_full)(const NAME(cvec) *k, NAME(accs) *A, const S *x, const S *dy,
                                  S *dx, int64_t *jp, int64_t count, const int stream,
                                  const int ver, const int m, const int n) {
    int64_t j = *jp;
    for (; j + 16 <= count; j += 16) {
        for (int s = 0; s < NV; s++) {
            int64_t jj = j + (int64_t)s * VN;
            V d = NAME(bwd1)(k, V_LOAD(x + jj), V_LOAD(dy + jj), A->an[s], A->ad[s],
                             MK_RANGE(0, VN), 0, ver, m, n);
            if (stream) V_STREAM(dx + jj, d); else V_STORE(dx + jj, d);
        }
    }
    *jp = j;
}

R4J_AI void NAME(bwd_impl)(const r4j_coefs *c, const S *x, const S *dy, S *dx, int64_t count,
                           int lane0, W *accn, W *accd, int stream, const int ver, const int m,
                           const int n) {
    const int nb = ver == R4J_VERSION_C ? n + 1 : n;
    NAME(cvec) k;
    NAME(accs) A;
    NAME(load_coefs)(&k, c, ver, m, nb);
    for (int s = 0; s < NV; s++) {
        for (int i = 0; i <= m; i++) A.an[s][i] = V_LOADW(accn + i * 16 + s * VN);
        for (int i = 0; i < nb; i++) A.ad[s][i] = V_LOADW(accd + i * 16 + s * VN);
    }
    int64_t j = -(int64_t)(lane0 & 15);
    if (j < 0) {
        NAME(bwd_group_checked)(&k, &A, x, dy, dx, j, count, ver, m, n);
        j += 16;
    }
    if (VN > 1 && stream && j < count && (uintptr_t)(dx + j) % STREAM_ALIGN == 0) {
        NAME(bwd_groups_full)(&k, &A, x, dy, dx, &j, count, 1, ver, m, n);
        R4J_SFENCE();
    } else {
        NAME(bwd_groups_full)(&k, &A, x, dy, dx, &j, count, 0, ver, m, n);
    }
    if (j < count) NAME(bwd_group_checked)(&k, &A, x, dy, dx, j, count, ver, m, n);
    for (int s = 0; s < NV; s++) {
        for (int i = 0; i <= m; i++) V_STOREW(accn + i * 16 + s * VN, A.an[s][i]);
        for (int i = 0; i < nb; i++) V_STOREW(accd + i * 16 + s * VN, A.ad[s][i]);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Short-run path (api.c uses it when group runs are shorter than a vector, e.g. per-channel
 * groups on a channels-last tensor). Coefficients come per lane from a channel-expanded table
 * tab[k][ts] (ts = tlen + 16; row k: a[k] for k <= m, then b[k - m - 1], |b| for version A):
 * column r holds the coefficients of the element at table position r, and consecutive elements
 * have consecutive positions (mod tlen). tlen is a multiple of 16 and the 16 columns past tlen
 * repeat the first 16, so a vector starting at any r < tlen reads inside the row. The per-element
 * arithmetic is fwd1/bwd1 unchanged, so the bits are those of the run path.
 */
R4J_AI void NAME(load_coefs_tab)(NAME(cvec) *k, const W *tab, int64_t ts, int64_t r,
                                 const int m, const int nb) {
    for (int i = 0; i <= m; i++) k->a[i] = V_LOADW(tab + i * ts + r);
    for (int i = 0; i < nb; i++) k->b[i] = V_LOADW(tab + (m + 1 + i) * ts + r);
}

R4J_AI void NAME(fwdt_impl)(const r4j_coefs *c, const W *tab, int64_t tlen, int64_t r,
                            const S *x, S *y, int64_t count, int stream, const int ver,
                            const int m, const int n) {
    const int nb = ver == R4J_VERSION_C ? n + 1 : n;
    const int64_t ts = tlen + 16;
    NAME(cvec) k;
    k.one = V_SET1((W)1);
    k.pt1 = V_SET1(W_PT1);
    k.s0 = V_SET1((W)c->sgn0);
#define R4J_ADV(len)                                                                             \
    do {                                                                                         \
        r += (len);                                                                              \
        if (r >= tlen) r -= tlen;                                                                \
    } while (0)
    int64_t j = 0;
    if (VN > 1 && stream && ((uintptr_t)y % sizeof(S)) == 0) {
        int64_t head = (int64_t)(((STREAM_ALIGN - (uintptr_t)y % STREAM_ALIGN) % STREAM_ALIGN) /
                                 sizeof(S));
        if (head > count) head = count;
        for (; j + VN <= head; j += VN) {
            NAME(load_coefs_tab)(&k, tab, ts, r, m, nb);
            V_STORE(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
            R4J_ADV(VN);
        }
        if (j < head) {
            NAME(load_coefs_tab)(&k, tab, ts, r, m, nb);
            NAME(fwd_part)(&k, x + j, y + j, head - j, ver, m, n);
            R4J_ADV(head - j);
            j = head;
        }
        for (; j + VN <= count; j += VN) {
            NAME(load_coefs_tab)(&k, tab, ts, r, m, nb);
            V_STREAM(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
            R4J_ADV(VN);
        }
        R4J_SFENCE();
    }
    for (; j + VN <= count; j += VN) {
        NAME(load_coefs_tab)(&k, tab, ts, r, m, nb);
        V_STORE(y + j, NAME(fwd1)(&k, V_LOAD(x + j), ver, m, n));
        R4J_ADV(VN);
    }
    if (j < count) {
        NAME(load_coefs_tab)(&k, tab, ts, r, m, nb);
        NAME(fwd_part)(&k, x + j, y + j, count - j, ver, m, n);
    }
#undef R4J_ADV
}

/* One 16-lane group of the short-run backward at table column r (a multiple of 16), local
 * index j; lanes outside [0, count) untouched when checked. acc[k][ts] holds, for each slot row
 * k, the lane accumulator of the (group, lane) pair of table column r: api.c only takes this path
 * when that map is one-to-one, so each accumulator still takes its elements in increasing e. */
R4J_AI void NAME(bwdt_group)(NAME(cvec) *k, const W *tab, W *acc, int64_t ts, int64_t r,
                             const S *x, const S *dy, S *dx, int64_t j, int64_t count,
                             const int checked, const int stream, const int ver, const int m,
                             const int n) {
    const int nb = ver == R4J_VERSION_C ? n + 1 : n;
    for (int s = 0; s < NV; s++) {
        const int64_t jj = j + (int64_t)s * VN, rr = r + (int64_t)s * VN;
        V an[R4J_MAX_DEGREE + 1], ad[R4J_MAX_DEGREE + 1];
        int64_t lo = 0, hi = VN;
        if (checked) {
            lo = jj < 0 ? -jj : 0;
            hi = count - jj < VN ? count - jj : VN;
            if (lo >= hi) continue;
        }
        NAME(load_coefs_tab)(k, tab, ts, rr, m, nb);
        for (int i = 0; i <= m; i++) an[i] = V_LOADW(acc + i * ts + rr);
        for (int i = 0; i < nb; i++) ad[i] = V_LOADW(acc + (m + 1 + i) * ts + rr);
        if (checked) {
            S bx[VN], bg[VN], bd[VN];
            memset(bx, 0, sizeof bx);
            memset(bg, 0, sizeof bg);
            memcpy(bx + lo, x + jj + lo, (size_t)(hi - lo) * sizeof(S));
            memcpy(bg + lo, dy + jj + lo, (size_t)(hi - lo) * sizeof(S));
            V d = NAME(bwd1)(k, V_LOAD(bx), V_LOAD(bg), an, ad, MK_RANGE(lo, hi), 1, ver, m, n);
            V_STORE(bd, d);
            memcpy(dx + jj + lo, bd + lo, (size_t)(hi - lo) * sizeof(S));
        } else {
            V d = NAME(bwd1)(k, V_LOAD(x + jj), V_LOAD(dy + jj), an, ad, MK_RANGE(0, VN), 0, ver,
                             m, n);
            if (stream) V_STREAM(dx + jj, d); else V_STORE(dx + jj, d);
        }
        for (int i = 0; i <= m; i++) V_STOREW(acc + i * ts + rr, an[i]);
        for (int i = 0; i < nb; i++) V_STOREW(acc + (m + 1 + i) * ts + rr, ad[i]);
    }
}

/* count elements (inside one chunk) starting at table column r0 (lane r0 % 16) */
R4J_AI void NAME(bwdt_impl)(const r4j_coefs *c, const W *tab, int64_t tlen, int64_t r0,
                            const S *x, const S *dy, S *dx, int64_t count, W *acc, int stream,
                            const int ver, const int m, const int n) {
    const int64_t ts = tlen + 16;
    NAME(cvec) k;
    k.one = V_SET1((W)1);
    k.pt1 = V_SET1(W_PT1);
    k.s0 = V_SET1((W)c->sgn0);
    int64_t j = -(r0 & 15), r = r0 - (r0 & 15);
    if (j < 0 || count < 16) {
        NAME(bwdt_group)(&k, tab, acc, ts, r, x, dy, dx, j, count, 1, 0, ver, m, n);
        j += 16;
        r += 16;
        if (r >= tlen) r -= tlen;
    }
    const int st = VN > 1 && stream && j < count && (uintptr_t)(dx + j) % STREAM_ALIGN == 0;
    for (; j + 16 <= count; j += 16) {
        if (st) NAME(bwdt_group)(&k, tab, acc, ts, r, x, dy, dx, j, count, 0, 1, ver, m, n);
        else NAME(bwdt_group)(&k, tab, acc, ts, r, x, dy, dx, j, count, 0, 0, ver, m, n);
        r += 16;
        if (r >= tlen) r -= tlen;
    }
    if (st) R4J_SFENCE();
    if (j < count) NAME(bwdt_group)(&k, tab, acc, ts, r, x, dy, dx, j, count, 1, 0, ver, m, n);
}

/* Chunk partials of slots whose (group, lane) pairs each have a single lane: the halving tree
 * over one value and fifteen +0.0 is that value + 0.0 (f64), so the reduction of n such slots is
 * element-wise: bp[j] += ((double)acc[j] + 0.0) * sg[j] (sg: version A's sign(b), or NULL);
 * the accumulators are reset to +0.0. Plain loops: the tier's flags vectorise them. */
static __attribute__((unused)) void NAME(red1)(void *accv, double *bp, const double *sg,
                                               int64_t n) {
    W *acc = (W *)accv;
    if (sg != NULL) {
        for (int64_t j = 0; j < n; j++) {
            bp[j] = bp[j] + ((double)acc[j] + 0.0) * sg[j];
            acc[j] = 0;
        }
    } else {
        for (int64_t j = 0; j < n; j++) {
            bp[j] = bp[j] + ((double)acc[j] + 0.0);
            acc[j] = 0;
        }
    }
}

/* ---- the table entries: one forward and one backward per version ---- */

#ifndef R4J_SPECIALIZE_FWD
#define R4J_SPECIALIZE_FWD(ver, M, N)
#define R4J_SPECIALIZE_BWD(ver, M, N)
#define R4J_SPECIALIZE_DEFAULT_
#endif
#ifndef R4J_SPECIALIZE_TAB
#define R4J_SPECIALIZE_TAB 0
#endif

#define R4J_DEF_VERSION(VER, VNAME)                                                              \
    static void NAME(fwd_##VNAME)(const r4j_coefs *c, const void *x, void *y, int64_t count,    \
                                  int stream) {                                                  \
        R4J_SPECIALIZE_FWD(VER, 5, 4)                                                            \
        NAME(fwd_impl)(c, (const S *)x, (S *)y, count, stream, VER, c->m, c->n);                \
    }                                                                                            \
    static void NAME(bwd_##VNAME)(const r4j_coefs *c, const void *x, const void *dy, void *dx,  \
                                  int64_t count, int lane0, void *accn, void *accd,             \
                                  int stream) {                                                  \
        R4J_SPECIALIZE_BWD(VER, 5, 4)                                                            \
        NAME(bwd_impl)(c, (const S *)x, (const S *)dy, (S *)dx, count, lane0, (W *)accn,       \
                       (W *)accd, stream, VER, c->m, c->n);                                      \
    }                                                                                            \
    static void NAME(fwdt_##VNAME)(const r4j_coefs *c, const void *tab, int64_t tlen, int64_t r0, \
                                   const void *x, void *y, int64_t count, int stream) {         \
        if (R4J_SPECIALIZE_TAB && c->m == 5 && c->n == 4) {                                       \
            NAME(fwdt_impl)(c, (const W *)tab, tlen, r0, (const S *)x, (S *)y, count, stream,   \
                            VER, 5, 4);                                                          \
            return;                                                                              \
        }                                                                                        \
        NAME(fwdt_impl)(c, (const W *)tab, tlen, r0, (const S *)x, (S *)y, count, stream, VER,  \
                        c->m, c->n);                                                             \
    }                                                                                            \
    static void NAME(bwdt_##VNAME)(const r4j_coefs *c, const void *tab, int64_t tlen, int64_t r0, \
                                   const void *x, const void *dy, void *dx, int64_t count,      \
                                   void *acc, int stream) {                                      \
        if (R4J_SPECIALIZE_TAB && c->m == 5 && c->n == 4) {                                       \
            NAME(bwdt_impl)(c, (const W *)tab, tlen, r0, (const S *)x, (const S *)dy, (S *)dx,  \
                            count, (W *)acc, stream, VER, 5, 4);                                 \
            return;                                                                              \
        }                                                                                        \
        NAME(bwdt_impl)(c, (const W *)tab, tlen, r0, (const S *)x, (const S *)dy, (S *)dx,      \
                        count, (W *)acc, stream, VER, c->m, c->n);                               \
    }

R4J_DEF_VERSION(R4J_VERSION_A, A)
R4J_DEF_VERSION(R4J_VERSION_B, B)
R4J_DEF_VERSION(R4J_VERSION_C, C)
R4J_DEF_VERSION(R4J_VERSION_N, N)
#undef R4J_DEF_VERSION

#ifdef R4J_SPECIALIZE_DEFAULT_
#undef R4J_SPECIALIZE_FWD
#undef R4J_SPECIALIZE_BWD
#undef R4J_SPECIALIZE_DEFAULT_
#endif

/* storage <-> W conversions over arrays (only meaningful for the f32 family): whole vectors, then
   the tail through a zero-padded vector. One body for both directions. */
#define R4J_CONVERT(fn, SrcT, DstT, In, Out, LOAD, STORE)                                          \
    static __attribute__((unused)) void NAME(fn)(const SrcT *src, DstT *dst, int64_t n) {          \
        const In *s = (const In *)(const void *)src;                                               \
        Out *d = (Out *)(void *)dst;                                                               \
        int64_t i = 0;                                                                             \
        for (; i + VN <= n; i += VN) STORE(d + i, LOAD(s + i));                                    \
        if (i < n) {                                                                               \
            In b[VN];                                                                              \
            Out o[VN];                                                                             \
            memset(b, 0, sizeof b);                                                                \
            memcpy(b, s + i, (size_t)(n - i) * sizeof(In));                                        \
            STORE(o, LOAD(b));                                                                     \
            memcpy(d + i, o, (size_t)(n - i) * sizeof(Out));                                       \
        }                                                                                          \
    }
R4J_CONVERT(widen, uint16_t, float, S, W, V_LOAD, V_STOREW)
R4J_CONVERT(narrow, float, uint16_t, W, S, V_LOADW, V_STORE)
#undef R4J_CONVERT

#define R4J_ROW(sfx) { fwd_A_##sfx, fwd_B_##sfx, fwd_C_##sfx, fwd_N_##sfx }
#define R4J_BROW(sfx) { bwd_A_##sfx, bwd_B_##sfx, bwd_C_##sfx, bwd_N_##sfx }
#define R4J_TROW(sfx) { fwdt_A_##sfx, fwdt_B_##sfx, fwdt_C_##sfx, fwdt_N_##sfx }
#define R4J_TBROW(sfx) { bwdt_A_##sfx, bwdt_B_##sfx, bwdt_C_##sfx, bwdt_N_##sfx }

#undef NV
