/*
 * CUDA benchmark: forward and backward of version A (5,4) at the KAT shape [128, 197, 768]
 * channels-last with 1 numerator and 8 denominator groups, and on 16M flat elements, f32 and
 * bf16, against a device-to-device copy of the same bytes in the same run (forward: the tensor;
 * backward: 1.5 tensors, i.e. the bytes of x and dy read plus dx written). Each figure is the
 * median of 20 timed runs (CUDA events), each after an L2 flush. Then: 5 backward runs whose
 * gradients must be bit-equal, and y, dx and gradients against the CPU library.
 * Prints a Markdown table; exit status 1 if a bit check failed.
 */
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "rational4j_cuda.h"

#define CK(call)                                                                              \
    do {                                                                                      \
        cudaError_t e_ = (call);                                                              \
        if (e_ != cudaSuccess) {                                                              \
            fprintf(stderr, "%s: %s\n", #call, cudaGetErrorString(e_));                       \
            exit(2);                                                                          \
        }                                                                                     \
    } while (0)
#define R4(call)                                                                              \
    do {                                                                                      \
        int32_t s_ = (call);                                                                  \
        if (s_ != R4J_OK) {                                                                   \
            char m_[512];                                                                     \
            r4j_cuda_last_error(m_, sizeof m_);                                               \
            fprintf(stderr, "%s: status %d: %s\n", #call, s_, m_);                            \
            exit(2);                                                                          \
        }                                                                                     \
    } while (0)

static const int REPS = 20;
static void *flush_buf;
static size_t flush_bytes;

template <class F> static double median_ms(F f, cudaStream_t st) {
    cudaEvent_t a, b;
    CK(cudaEventCreate(&a));
    CK(cudaEventCreate(&b));
    std::vector<float> t;
    f(); /* warm-up */
    CK(cudaStreamSynchronize(st));
    for (int r = 0; r < REPS; r++) {
        CK(cudaMemsetAsync(flush_buf, r & 0xff, flush_bytes, st)); /* evict L2 */
        CK(cudaEventRecord(a, st));
        f();
        CK(cudaEventRecord(b, st));
        CK(cudaEventSynchronize(b));
        float ms = 0;
        CK(cudaEventElapsedTime(&ms, a, b));
        t.push_back(ms);
    }
    std::sort(t.begin(), t.end());
    CK(cudaEventDestroy(a));
    CK(cudaEventDestroy(b));
    return 0.5 * (t[REPS / 2 - 1] + t[REPS / 2]);
}

static uint64_t rng = 0x853c49e6748fea9bull;
static float uni(float lo, float hi) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return lo + (hi - lo) * (float)((rng >> 40) * 0x1p-24);
}

struct Result {
    double fwd, fwd_copy, bwd, bwd_copy;
    bool runs_equal, cpu_equal;
};

static bool same(const void *a, const void *b, size_t bytes) { return memcmp(a, b, bytes) == 0; }

static Result run(int dt, int64_t outer, int64_t C, int nd, bool cpu_check, cudaStream_t st) {
    const int64_t N = outer * C;
    const size_t es = dt == R4J_F32 ? 4 : 2;
    /* KAT-like coefficients: version A (5,4), one numerator, nd denominator groups */
    std::vector<float> num = { 0.0298f, 0.6184f, 2.3233f, 3.0519f, 1.4854f, 0.2510f };
    std::vector<float> den;
    for (int g = 0; g < nd; g++)
        for (float b : { -1.1420f, 4.3932f, 0.8715f, 0.3472f }) den.push_back(b * (1 + 0.01f * g));
    std::vector<unsigned char> hx(N * es), hg(N * es);
    {
        std::vector<float> f(N);
        for (int64_t i = 0; i < N; i++) f[i] = uni(-3, 3);
        if (dt == R4J_F32) memcpy(hx.data(), f.data(), N * 4);
        else r4j_convert(R4J_F32, dt, f.data(), hx.data(), N);
        for (int64_t i = 0; i < N; i++) f[i] = uni(-1, 1);
        if (dt == R4J_F32) memcpy(hg.data(), f.data(), N * 4);
        else r4j_convert(R4J_F32, dt, f.data(), hg.data(), N);
    }
    void *x, *y, *g, *dx, *c1, *c2;
    CK(cudaMalloc(&x, N * es));
    CK(cudaMalloc(&y, N * es));
    CK(cudaMalloc(&g, N * es));
    CK(cudaMalloc(&dx, N * es));
    CK(cudaMalloc(&c1, 2 * N * es)); /* copy source and destination of up to 1.5 tensors */
    CK(cudaMalloc(&c2, 2 * N * es));
    CK(cudaMemcpy(x, hx.data(), N * es, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(g, hg.data(), N * es, cudaMemcpyHostToDevice));
    std::vector<double> gn(6), gd(4 * nd);
    Result r;
    r.fwd_copy = median_ms([&] { CK(cudaMemcpyAsync(c2, c1, N * es, cudaMemcpyDeviceToDevice, st)); }, st);
    r.fwd = median_ms([&] {
        R4(r4j_cuda_forward(dt, R4J_VERSION_A, 5, 4, 0, num.data(), 1, den.data(), nd, outer, C, 1,
                            x, y, 0, N, st));
    }, st);
    r.bwd_copy = median_ms([&] {
        CK(cudaMemcpyAsync(c2, c1, N * es * 3 / 2, cudaMemcpyDeviceToDevice, st));
    }, st);
    r.bwd = median_ms([&] {
        R4(r4j_cuda_backward(dt, R4J_VERSION_A, 5, 4, 0, num.data(), 1, den.data(), nd, outer, C,
                             1, x, g, dx, 0, N, gn.data(), gd.data(), st));
    }, st);
    /* 5 runs from zero: bit-equal gradients */
    std::vector<double> gn0, gd0;
    r.runs_equal = true;
    for (int run = 0; run < 5; run++) {
        std::fill(gn.begin(), gn.end(), 0.0);
        std::fill(gd.begin(), gd.end(), 0.0);
        R4(r4j_cuda_backward(dt, R4J_VERSION_A, 5, 4, 0, num.data(), 1, den.data(), nd, outer, C, 1,
                             x, g, dx, 0, N, gn.data(), gd.data(), st));
        if (run == 0) { gn0 = gn; gd0 = gd; }
        else r.runs_equal &= same(gn.data(), gn0.data(), gn.size() * 8) &&
                             same(gd.data(), gd0.data(), gd.size() * 8);
    }
    r.cpu_equal = true;
    if (cpu_check) {
        std::vector<unsigned char> yc(N * es), yg(N * es), dxc(N * es), dxg(N * es);
        std::vector<double> cn(6, 0.0), cd(4 * nd, 0.0);
        R4(r4j_forward(dt, R4J_VERSION_A, 5, 4, 0, num.data(), 1, den.data(), nd, outer, C, 1,
                       hx.data(), yc.data(), 0, N));
        R4(r4j_backward(dt, R4J_VERSION_A, 5, 4, 0, num.data(), 1, den.data(), nd, outer, C, 1,
                        hx.data(), hg.data(), dxc.data(), 0, N, cn.data(), cd.data()));
        CK(cudaMemcpy(yg.data(), y, N * es, cudaMemcpyDeviceToHost));
        CK(cudaMemcpy(dxg.data(), dx, N * es, cudaMemcpyDeviceToHost));
        r.cpu_equal = same(yc.data(), yg.data(), N * es) && same(dxc.data(), dxg.data(), N * es) &&
                      same(cn.data(), gn0.data(), 48) && same(cd.data(), gd0.data(), cd.size() * 8);
    }
    cudaFree(x); cudaFree(y); cudaFree(g); cudaFree(dx); cudaFree(c1); cudaFree(c2);
    return r;
}

int main(int argc, char **argv) {
    const bool cpu_check = !(argc > 1 && strcmp(argv[1], "--no-cpu") == 0);
    int dev = 0;
    cudaDeviceProp p;
    CK(cudaGetDevice(&dev));
    CK(cudaGetDeviceProperties(&p, dev));
    int rt = 0, drv = 0;
    cudaRuntimeGetVersion(&rt);
    cudaDriverGetVersion(&drv);
    printf("device: %s (sm_%d%d, %.0f GiB, L2 %d MiB), runtime %d, driver %d\n", p.name, p.major,
           p.minor, p.totalGlobalMem / 1073741824.0, p.l2CacheSize >> 20, rt, drv);
    flush_bytes = (size_t)4 * p.l2CacheSize;
    CK(cudaMalloc(&flush_buf, flush_bytes));
    cudaStream_t st;
    CK(cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking));
    printf("version A (5,4), median of %d after an L2 flush; copy = device-to-device copy of the "
           "same bytes (backward: 1.5 tensors)\n\n", REPS);
    printf("| shape | dtype | forward ms | copy ms | of copy bound | backward ms | copy ms | of "
           "copy bound | gradients 5 runs | bits = CPU |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    bool ok = true;
    struct { const char *name; int64_t outer, C; int nd; } shapes[] = {
        { "KAT [128,197,768] 1/8 groups", 128 * 197, 768, 8 },
        { "flat 16M", 1, 16 << 20, 1 },
    };
    for (auto &s : shapes)
        for (int dt : { R4J_F32, R4J_BF16 }) {
            Result r = run(dt, s.outer, s.C, s.nd, cpu_check, st);
            printf("| %s | %s | %.4f | %.4f | %.2f | %.4f | %.4f | %.2f | %s | %s |\n", s.name,
                   dt == R4J_F32 ? "f32" : "bf16", r.fwd, r.fwd_copy, r.fwd_copy / r.fwd, r.bwd,
                   r.bwd_copy, r.bwd_copy / r.bwd, r.runs_equal ? "equal" : "DIFFER",
                   cpu_check ? (r.cpu_equal ? "equal" : "DIFFER") : "not checked");
            fflush(stdout);
            ok &= r.runs_equal && r.cpu_equal;
        }
    cudaFree(flush_buf);
    cudaStreamDestroy(st);
    return ok ? 0 : 1;
}
