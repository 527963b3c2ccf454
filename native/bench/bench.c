/*
 * r4j_bench [elements] [reps] [m] [n] [version A|B|C|N]
 * One thread. Forward per tier against memcpy of the same bytes, and backward per tier against
 * the yardstick dx = x * dy (two streams in, one out, like the backward). Median of reps.
 * GB/s count the bytes read plus the bytes written. Environment: R4J_BENCH_NO_SCALAR=1 skips the
 * slow scalar tier, R4J_BENCH_CPUTIME=1 times thread CPU time instead of wall time,
 * R4J_BENCH_LAYOUT=C,ng,nd uses a channels-last tensor [N/C, C, 1] with those group counts;
 * R4J_BENCH_LAYOUT=perchannel is 768,768,768 (PAU per channel on a channels-last transformer
 * activation: every group run is one element, the short-run path of api.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rational4j.h"

/* wall clock by default; R4J_BENCH_CPUTIME=1 times this thread's CPU time instead, which is
 * steadier on a shared, oversubscribed machine (it does not count time spent descheduled) */
static clockid_t clk = CLOCK_MONOTONIC;
static double now(void) {
    struct timespec t;
    clock_gettime(clk, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}
static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmpd);
    return v[n / 2];
}

#define ISA_NAME_OF(t) r4j_isa_name(t)
static const char *DT[] = { "f32", "f64", "bf16", "f16" };

int main(int argc, char **argv) {
    int64_t N = argc > 1 ? atoll(argv[1]) : 16 << 20;
    int reps = argc > 2 ? atoi(argv[2]) : 7;
    int m = argc > 3 ? atoi(argv[3]) : 5, n = argc > 4 ? atoi(argv[4]) : 4;
    int ver = argc > 5 ? (int)(strchr("ABCN", argv[5][0]) - "ABCN") : R4J_VERSION_A;
    if (getenv("R4J_BENCH_CPUTIME")) clk = CLOCK_THREAD_CPUTIME_ID;
    size_t bytes = (size_t)N * 8;
    char *x = aligned_alloc(64, bytes), *dy = aligned_alloc(64, bytes), *y = aligned_alloc(64, bytes);
    float *xf = (float *)x, *gf = (float *)dy;
    for (int64_t i = 0; i < N; i++) { xf[i] = (float)((i % 2001) - 1000) / 250.0f; gf[i] = 0.5f; }
    for (int64_t i = N; i < 2 * N; i++) { xf[i] = xf[i - N]; gf[i] = 0.5f; }
    memset(y, 0, bytes);
    int64_t C = 1, ng = 1, nd = 1;
    const char *lay = getenv("R4J_BENCH_LAYOUT");
    if (lay && strcmp(lay, "perchannel") == 0) C = ng = nd = 768;
    else if (lay) sscanf(lay, "%lld,%lld,%lld", (long long *)&C, (long long *)&ng, (long long *)&nd);
    N -= N % C;
    double *numd = malloc(8 * 17 * (size_t)C), *dend = malloc(8 * 17 * (size_t)C);
    float *numf = malloc(4 * 17 * (size_t)C), *denf = malloc(4 * 17 * (size_t)C);
    for (int64_t i = 0; i < 17 * C; i++) {
        numd[i] = numf[i] = 0.3f / (i % 17 + 1);
        dend[i] = denf[i] = (i & 1 ? -0.2f : 0.4f) / (i % 17 + 1);
    }
    double *gn = calloc(17 * (size_t)C, 8), *gd = calloc(17 * (size_t)C, 8);
    double t[64];
    int top = r4j_cpu_isa();
    printf("r4j_bench: %lld elements, version %c (%d,%d), one thread, median of %d, CPU tier %s\n",
           (long long)N, "ABCN"[ver], m, n, reps, ISA_NAME_OF(top));
    if (lay) printf("layout [%lld, %lld, 1], groups %lld/%lld\n", (long long)(N / C), (long long)C, (long long)ng, (long long)nd);

    size_t fb = (size_t)N * 4;
    for (int r = 0; r < reps; r++) { double t0 = now(); memcpy(y, x, fb); t[r] = now() - t0; }
    double tcopy = median(t, reps);
    printf("memcpy f32           %7.2f GB/s\n", 2 * fb / tcopy * 1e-9);
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        r4j_set_max_isa(top);
        r4j_yardstick_mul_f32(xf, gf, (float *)y, N);
        t[r] = now() - t0;
    }
    double tmul = median(t, reps);
    printf("yardstick x*dy f32   %7.2f GB/s\n", 3 * fb / tmul * 1e-9);

    for (int dt = 0; dt < 4; dt++) {
        size_t es = dt == R4J_F64 ? 8 : dt == R4J_F32 ? 4 : 2;
        const void *num = dt == R4J_F64 ? (void *)numd : (void *)numf;
        const void *den = dt == R4J_F64 ? (void *)dend : (void *)denf;
        if (dt == R4J_BF16 || dt == R4J_F16) { /* valid 16-bit inputs */
            r4j_convert(R4J_F32, dt, xf, y, N);
            memcpy(x + 4 * N, y, 2 * (size_t)N);
            r4j_convert(R4J_F32, dt, gf, y, N);
            memcpy(dy + 4 * N, y, 2 * (size_t)N);
        } else if (dt == R4J_F64) {
            double *xd = (double *)x, *gdd = (double *)dy;
            for (int64_t i = N - 1; i >= 0; i--) { xd[i] = xf[i]; gdd[i] = gf[i]; }
        }
        const char *xs = dt >= R4J_BF16 ? x + 4 * N : x, *gs = dt >= R4J_BF16 ? dy + 4 * N : dy;
        size_t sb = (size_t)N * es;
        for (int tier = getenv("R4J_BENCH_NO_SCALAR") ? 1 : 0; tier <= top; tier++) {
            if (dt != R4J_F32 && tier != top) continue;
            r4j_set_max_isa(tier);
            int rr = tier == 0 ? 3 : reps;
            for (int r = 0; r < rr; r++) {
                double t0 = now();
                r4j_forward(dt, ver, m, n, 0, num, (int)ng, den, (int)nd, N / C, C, 1, xs, y, 0, N);
                t[r] = now() - t0;
            }
            double tf = median(t, rr);
            for (int r = 0; r < rr; r++) {
                double t0 = now();
                r4j_backward(dt, ver, m, n, 0, num, (int)ng, den, (int)nd, N / C, C, 1, xs, gs, y, 0, N, gn, gd);
                t[r] = now() - t0;
            }
            double tb = median(t, rr);
            printf("%-6s %-5s forward %7.2f GB/s  %5.2f x memcpy   backward %7.2f GB/s  %5.2f x yardstick\n",
                   ISA_NAME_OF(tier), DT[dt], 2 * sb / tf * 1e-9, (2.0 * sb / tf) / (2.0 * fb / tcopy),
                   3 * sb / tb * 1e-9, (3.0 * sb / tb) / (3.0 * fb / tmul));
        }
    }
    free(x); free(dy); free(y); free(numd); free(dend); free(numf); free(denf); free(gn); free(gd);
    return 0;
}
