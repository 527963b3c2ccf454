/*
 * Host-side tests of librational4j_cuda that need no GPU: the argument checks of every entry
 * point (each bad argument gives R4J_ERR_ARGUMENT and a message), the "no device" status on a
 * machine without a GPU or driver (with a device: the "not device memory" status for host
 * pointers), and the fast division used by the kernels' layout walk.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fastdiv.h"
#include "rational4j_cuda.h"

static int failures = 0;
#define FAIL(...) do { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } while (0)

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next_u64(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

static void test_fastdiv(void) {
    uint32_t ds[4096];
    int nd = 0;
    for (uint32_t d = 1; d <= 2048; d++) ds[nd++] = d;
    for (int k = 11; k <= 30; k++) {
        ds[nd++] = (1u << k) - 1; ds[nd++] = 1u << k; ds[nd++] = (1u << k) + 1;
    }
    ds[nd++] = 0x7fffffffu; ds[nd++] = 768u * 197u; ds[nd++] = 96u; ds[nd++] = 65536u * 3u;
    while (nd < 4096) ds[nd++] = (uint32_t)(next_u64() % 0x7fffffffu) + 1u;
    long checked = 0;
    for (int i = 0; i < nd; i++) {
        const uint32_t d = ds[i];
        const r4j_fastdiv f = r4j_fastdiv_make(d);
        uint32_t ns[64];
        int nn = 0;
        ns[nn++] = 0; ns[nn++] = 0x7fffffffu; ns[nn++] = 0x7ffffffeu;
        ns[nn++] = d - 1; ns[nn++] = d;
        if (d <= 0x3fffffffu) { ns[nn++] = 2 * d - 1; ns[nn++] = 2 * d; }
        uint32_t big = 0x7fffffffu / d * d; /* largest multiple below 2^31 */
        ns[nn++] = big; ns[nn++] = big - 1;
        while (nn < 64) ns[nn++] = (uint32_t)(next_u64() & 0x7fffffffu);
        for (int j = 0; j < nn; j++) {
            if (ns[j] > 0x7fffffffu) continue;
            checked++;
            if (r4j_fastdiv_apply(f, ns[j]) != ns[j] / d) {
                FAIL("fastdiv %u / %u = %u, want %u", ns[j], d, r4j_fastdiv_apply(f, ns[j]), ns[j] / d);
                return;
            }
        }
    }
    printf("fastdiv: %ld quotients exact\n", checked);
}

static char msg[512];
static int32_t expect(int32_t got, int32_t want, const char *what) {
    r4j_cuda_last_error(msg, sizeof msg);
    if (got != want) FAIL("%s: status %d, want %d (%s)", what, got, want, msg);
    else if (got != R4J_OK && msg[0] == 0) FAIL("%s: status %d without a message", what, got);
    return got;
}

int main(void) {
    if (r4j_cuda_abi_version() != R4J_CUDA_ABI_VERSION) FAIL("abi version");
    test_fastdiv();

    int32_t devices = -1;
    int32_t st = r4j_cuda_device_count(&devices);
    r4j_cuda_last_error(msg, sizeof msg);
    int32_t rt = -1, drv = -1;
    r4j_cuda_versions(&rt, &drv);
    printf("devices: status %d, count %d (%s); runtime %d, driver %d\n", st, devices,
           st == R4J_OK ? "ok" : msg, rt, drv);
    if (rt <= 0) FAIL("runtime version %d", rt);
    if (st == R4J_OK ? devices < 1 : (st != R4J_CUDA_ERR_NO_DEVICE || devices != 0))
        FAIL("device count: status %d, count %d", st, devices);
    const int have = st == R4J_OK;
    expect(r4j_cuda_device_count(NULL), R4J_ERR_ARGUMENT, "device_count(NULL)");

    float a[6] = { 0.1f, 1, 0.5f, 0.1f, 0.01f, 0.001f }, b[4] = { 1, 0.5f, 0.25f, 0.125f };
    float x[64], y[64], dy[64], dx[64];
    double gn[6 * 2] = { 0 }, gd[4 * 8] = { 0 };
    memset(x, 0, sizeof x); memset(dy, 0, sizeof dy);
    const int F = R4J_F32, A = R4J_VERSION_A;

#define FWD(dt, ver, m, n, fl, num, ng, den, ndg, o, c, i, xp, yp, b0, e0) \
    r4j_cuda_forward(dt, ver, m, n, fl, num, ng, den, ndg, o, c, i, xp, yp, b0, e0, NULL)
#define BWD(dt, ver, m, n, fl, num, ng, den, ndg, o, c, i, xp, gp, dxp, b0, e0, g1, g2) \
    r4j_cuda_backward(dt, ver, m, n, fl, num, ng, den, ndg, o, c, i, xp, gp, dxp, b0, e0, g1, g2, NULL)

    /* each argument in turn out of its domain */
    expect(FWD(4, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "dtype 4");
    expect(FWD(-1, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "dtype -1");
    expect(FWD(F, 4, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "version 4");
    expect(FWD(F, A, 17, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "m 17");
    expect(FWD(F, A, -1, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "m -1");
    expect(FWD(F, A, 5, 0, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "A with n 0");
    expect(FWD(F, R4J_VERSION_N, 5, 17, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "n 17");
    expect(FWD(F, R4J_VERSION_C, 5, -1, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "C with n -1");
    expect(FWD(F, A, 5, 4, 2, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "flags 2");
    expect(FWD(F, A, 5, 4, 0, NULL, 1, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "num NULL");
    expect(FWD(F, A, 5, 4, 0, a, 1, NULL, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "den NULL");
    expect(FWD(F, A, 5, 4, 0, a, 0, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "num_groups 0");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 0, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "den_groups 0");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 3, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "64 % 3");
    expect(FWD(F, A, 5, 4, 0, a, 5, b, 1, 1, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "64 % 5");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, -1, 64, 1, x, y, 0, 0), R4J_ERR_ARGUMENT, "outer -1");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 0, 1, x, y, 0, 0), R4J_ERR_ARGUMENT, "channels 0");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 0, x, y, 0, 0), R4J_ERR_ARGUMENT, "inner 0");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, INT64_MAX / 2, 64, 1, x, y, 0, 64), R4J_ERR_ARGUMENT, "size overflow");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, -1, 64), R4J_ERR_ARGUMENT, "begin -1");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 10, 9), R4J_ERR_ARGUMENT, "begin > end");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 65), R4J_ERR_ARGUMENT, "end > size");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, NULL, y, 0, 64), R4J_ERR_ARGUMENT, "x NULL");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, NULL, 0, 64), R4J_ERR_ARGUMENT, "y NULL");
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, (char *)x + 1, y, 0, 63), R4J_ERR_ARGUMENT, "x misaligned");
    expect(FWD(R4J_BF16, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, (char *)y + 1, 0, 63), R4J_ERR_ARGUMENT, "y misaligned");
    expect(FWD(R4J_F64, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, (char *)x + 4, y, 0, 8), R4J_ERR_ARGUMENT, "f64 x at 4 bytes");
    /* an empty range needs neither tensors nor a device */
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, NULL, NULL, 7, 7), R4J_OK, "empty range");

    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 65536 * 2, 1, x, dy, dx, 1, 65536, gn, gd), R4J_ERR_ARGUMENT, "backward begin 1");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 65536 * 2, 1, x, dy, dx, 0, 1000, gn, gd), R4J_ERR_ARGUMENT, "backward end 1000");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, dy, dx, 0, 64, NULL, gd), R4J_ERR_ARGUMENT, "grad_num NULL");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, dy, dx, 0, 64, gn, NULL), R4J_ERR_ARGUMENT, "grad_den NULL");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, NULL, dx, 0, 64, gn, gd), R4J_ERR_ARGUMENT, "dy NULL");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, dy, (char *)dx + 2, 0, 64, gn, gd), R4J_ERR_ARGUMENT, "dx misaligned");
    expect(BWD(F, 7, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, dy, dx, 0, 64, gn, gd), R4J_ERR_ARGUMENT, "backward version 7");
    expect(BWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, dy, dx, 0, 0, NULL, NULL), R4J_OK, "backward empty");

    /* valid arguments over host memory: no device here, or not device memory there */
    const int32_t want = have ? R4J_CUDA_ERR_POINTER : R4J_CUDA_ERR_NO_DEVICE;
    expect(FWD(F, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64), want, "forward over host memory");
    if (!have && strstr(msg, "device") == NULL) FAIL("no-device message: %s", msg);
    expect(FWD(F, A, 5, 4, 0, a, 2, b, 8, 2, 64, 1, x, y, 0, 128), want, "forward 2/8 groups");
    expect(BWD(F, A, 5, 4, 0, a, 2, b, 8, 1, 64, 1, x, dy, dx, 0, 64, gn, gd), want, "backward over host memory");
    if (!have) printf("no-device status: %s\n", msg);

    /* the runtime helpers */
    void *p = (void *)1;
    expect(r4j_cuda_malloc(16, NULL), R4J_ERR_ARGUMENT, "malloc(ptr NULL)");
    expect(r4j_cuda_malloc(-1, &p), R4J_ERR_ARGUMENT, "malloc(-1)");
    expect(r4j_cuda_memcpy(y, x, 16, 0, NULL), R4J_ERR_ARGUMENT, "memcpy kind 0");
    expect(r4j_cuda_memcpy(y, x, -1, 1, NULL), R4J_ERR_ARGUMENT, "memcpy bytes -1");
    expect(r4j_cuda_memcpy(NULL, x, 4, 1, NULL), R4J_ERR_ARGUMENT, "memcpy dst NULL");
    expect(r4j_cuda_stream_create(NULL), R4J_ERR_ARGUMENT, "stream_create(NULL)");
    expect(r4j_cuda_free(NULL), R4J_OK, "free(NULL)");
    if (!have) {
        p = (void *)1;
        expect(r4j_cuda_malloc(16, &p), R4J_CUDA_ERR_NO_DEVICE, "malloc without a device");
        if (p != NULL) FAIL("malloc without a device left *ptr = %p", p);
        expect(r4j_cuda_device_info(0, NULL, 0, NULL, NULL), R4J_CUDA_ERR_NO_DEVICE, "device_info");
    } else {
        char name[256];
        int32_t cc = 0;
        int64_t mem = 0;
        expect(r4j_cuda_device_info(0, name, sizeof name, &cc, &mem), R4J_OK, "device_info(0)");
        printf("device 0: %s, cc %d, %lld MiB\n", name, cc, (long long)(mem >> 20));
        expect(r4j_cuda_device_info(devices, name, sizeof name, &cc, &mem), R4J_ERR_ARGUMENT, "device_info(count)");
    }
    /* last_error truncates and still reports the full length */
    char small[8];
    FWD(9, A, 5, 4, 0, a, 1, b, 1, 1, 64, 1, x, y, 0, 64);
    int32_t full = r4j_cuda_last_error(small, sizeof small);
    if (full <= 7 || strlen(small) != 7) FAIL("last_error truncation: %d, '%s'", full, small);

    printf(failures ? "%d FAILURES\n" : "cuda host checks: all passed\n", failures);
    return failures ? 1 : 0;
}
