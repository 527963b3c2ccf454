/*
 * Tier selection: CPUID says what the CPU has, XGETBV says what state the OS saves (a kernel that
 * does not save ZMM registers makes AVX-512 unusable even on a CPU that has it). The result is
 * capped by RATIONAL4J_MAX_ISA (read at first use) or r4j_set_max_isa, then fixed until changed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#if R4J_X86
#include <cpuid.h>

static uint64_t xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static int cpu_has_bf16 = 0; /* AVX512_BF16 (vcvtneps2bf16), only used inside the AVX-512 tier */

static int detect_cpu_isa(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return R4J_ISA_SCALAR;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1,
              f16c = (c >> 29) & 1;
    if (!(osxsave && avx)) return R4J_ISA_SCALAR;
    const uint64_t xcr0 = xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return R4J_ISA_SCALAR; /* XMM and YMM state */
    if (__get_cpuid_max(0, NULL) < 7) return R4J_ISA_SCALAR;
    __cpuid_count(7, 0, a, b, c, d);
    const int avx2 = (b >> 5) & 1, f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1,
              vl = (b >> 31) & 1;
    if (!(avx2 && fma && f16c)) return R4J_ISA_SCALAR;
    /* opmask, upper halves of ZMM0-15, ZMM16-31 */
    if (!(f && dq && bw && vl) || (xcr0 & 0xe0) != 0xe0) return R4J_ISA_AVX2;
    __cpuid_count(7, 1, a, b, c, d);
    cpu_has_bf16 = (a >> 5) & 1;
    return R4J_ISA_AVX512;
}
#else
static int detect_cpu_isa(void) { return R4J_ISA_SCALAR; }
#endif

static int cpu_isa = -1;   /* written once, under init_control */
static int cap_isa = -1;
static const r4j_kernels *_Atomic active_table;
static int _Atomic active_isa = -1;
static pthread_once_t init_control = PTHREAD_ONCE_INIT;

#if R4J_X86
/* AVX-512 with the bf16 entries that use vcvtneps2bf16 */
static r4j_kernels avx512_with_bf16;
#endif

static const r4j_kernels *table_for(int isa) {
#if R4J_X86
    if (isa == R4J_ISA_AVX512) return cpu_has_bf16 ? &avx512_with_bf16 : &r4j_kernels_avx512;
    if (isa == R4J_ISA_AVX2) return &r4j_kernels_avx2;
#endif
    return &r4j_kernels_scalar;
}

static int env_cap(void) {
    const char *s = getenv("RATIONAL4J_MAX_ISA");
    if (s == NULL || *s == 0) return R4J_ISA_AVX512;
    if (strcasecmp(s, "scalar") == 0) return R4J_ISA_SCALAR;
    if (strcasecmp(s, "avx2") == 0) return R4J_ISA_AVX2;
    if (strcasecmp(s, "avx512") == 0) return R4J_ISA_AVX512;
    /* a typo must not silently lift the cap: say so, and take the tier every CPU has */
    fprintf(stderr, "rational4j: unknown RATIONAL4J_MAX_ISA=%s (expected scalar|avx2|avx512); "
            "using the scalar tier\n", s);
    return R4J_ISA_SCALAR;
}

static void apply(int cap) {
    int isa = cpu_isa < cap ? cpu_isa : cap;
    active_table = table_for(isa);
    active_isa = isa;
}

static void init(void) {
    cpu_isa = detect_cpu_isa();
#if R4J_X86
    avx512_with_bf16 = r4j_kernels_avx512;
    memcpy(avx512_with_bf16.fwd[R4J_BF16], r4j_kernels_avx512bf16.fwd[R4J_BF16],
           sizeof avx512_with_bf16.fwd[R4J_BF16]);
    memcpy(avx512_with_bf16.bwd[R4J_BF16], r4j_kernels_avx512bf16.bwd[R4J_BF16],
           sizeof avx512_with_bf16.bwd[R4J_BF16]);
    memcpy(avx512_with_bf16.fwdt[R4J_BF16], r4j_kernels_avx512bf16.fwdt[R4J_BF16],
           sizeof avx512_with_bf16.fwdt[R4J_BF16]);
    memcpy(avx512_with_bf16.bwdt[R4J_BF16], r4j_kernels_avx512bf16.bwdt[R4J_BF16],
           sizeof avx512_with_bf16.bwdt[R4J_BF16]);
    avx512_with_bf16.widen[R4J_BF16] = r4j_kernels_avx512bf16.widen[R4J_BF16];
    avx512_with_bf16.narrow[R4J_BF16] = r4j_kernels_avx512bf16.narrow[R4J_BF16];
#endif
    cap_isa = env_cap();
    apply(cap_isa);
}

static void init_once(void) { pthread_once(&init_control, init); }

int32_t r4j_cpu_isa(void) { init_once(); return cpu_isa; }

int32_t r4j_active_isa(void) { init_once(); return active_isa; }

int32_t r4j_set_max_isa(int32_t isa) {
    if (isa < R4J_ISA_SCALAR || isa > R4J_ISA_AVX512) return R4J_ERR_ARGUMENT;
    init_once();
    cap_isa = isa;
    apply(isa);
    return active_isa;
}

const r4j_kernels *r4j_table(void) {
    const r4j_kernels *t = active_table;
    if (t == NULL) {
        init_once();
        t = active_table;
    }
    return t;
}
