/*
 * Tier selection, per architecture.
 *  - x86-64: CPUID says what the CPU has, XGETBV what state the OS saves (a kernel that does not
 *    save ZMM registers makes AVX-512 unusable even on a CPU that has it). Same code on Linux,
 *    Windows (mingw-w64) and macOS.
 *  - AArch64: Advanced SIMD (NEON) is part of the architecture; on Linux HWCAP_ASIMD confirms
 *    it. Tier value 2 is named "sve" and accepted as a cap, but there are no SVE kernels yet, so
 *    the best tier is neon.
 * Tier values are levels (0 scalar, 1, 2); r4j_isa_name gives this architecture's names. The
 * result is capped by RATIONAL4J_MAX_ISA (read at first use) or r4j_set_max_isa, then fixed until
 * changed. One-time initialisation uses C11 atomics, not pthread_once (GLIBC_2.34 on current
 * glibc; the library must load on glibc 2.17), so the library needs no threads library at all.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if R4J_X86
static const char *const ISA_NAMES[R4J_ISA_MAX + 1] = { "scalar", "avx2", "avx512" };
#elif R4J_ARM64
static const char *const ISA_NAMES[R4J_ISA_MAX + 1] = { "scalar", "neon", "sve" };
#else
static const char *const ISA_NAMES[R4J_ISA_MAX + 1] = { "scalar", "tier1", "tier2" };
#endif

#if R4J_X86
#include <cpuid.h>

static uint64_t xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static int cpu_has_bf16 = 0; /* AVX512_BF16 (vcvtneps2bf16), only used inside the AVX-512 tier */

#if defined(_WIN32)
extern int r4j_cpu_has_fma; /* kernels_scalar.c: the scalar tier's fma on Windows */
#endif

static int detect_cpu_isa(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return R4J_ISA_SCALAR;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1,
              f16c = (c >> 29) & 1;
    if (!(osxsave && avx)) return R4J_ISA_SCALAR;
    const uint64_t xcr0 = xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return R4J_ISA_SCALAR; /* XMM and YMM state */
#if defined(_WIN32)
    r4j_cpu_has_fma = fma; /* VEX-encoded FMA needs the YMM state checked above */
#endif
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
#elif R4J_ARM64 && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1 << 1)
#endif
static int detect_cpu_isa(void) {
    return (getauxval(AT_HWCAP) & HWCAP_ASIMD) ? R4J_ISA_NEON : R4J_ISA_SCALAR;
}
#elif R4J_ARM64
static int detect_cpu_isa(void) { return R4J_ISA_NEON; } /* macOS, Windows: part of the ABI */
#else
static int detect_cpu_isa(void) { return R4J_ISA_SCALAR; }
#endif

static int cpu_isa = -1;   /* written once by init, before `state` becomes DONE */
static const r4j_kernels *_Atomic active_table;
static int _Atomic active_isa = -1;
static int _Atomic state = 0; /* 0: not started, 1: a thread is initialising, 2: done */

#if R4J_X86
/* AVX-512 with the bf16 entries that use vcvtneps2bf16 */
static r4j_kernels avx512_with_bf16;
#endif

static const r4j_kernels *table_for(int isa) {
#if R4J_X86
    if (isa == R4J_ISA_AVX512) return cpu_has_bf16 ? &avx512_with_bf16 : &r4j_kernels_avx512;
    if (isa == R4J_ISA_AVX2) return &r4j_kernels_avx2;
#elif R4J_ARM64
    if (isa >= R4J_ISA_NEON) return &r4j_kernels_neon;
#endif
    return &r4j_kernels_scalar;
}

/* ASCII case-blind equality (no strcasecmp: not in every C library's headers) */
static int same_name(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        if (x != *b) return 0;
    }
    return *a == *b;
}

static int env_cap(void) {
    const char *s = getenv("RATIONAL4J_MAX_ISA");
    if (s == NULL || *s == 0) return R4J_ISA_MAX;
    for (int i = 0; i <= R4J_ISA_MAX; i++)
        if (same_name(s, ISA_NAMES[i])) return i;
    /* a typo must not silently lift the cap: say so, and take the tier every CPU has */
    fprintf(stderr, "rational4j: unknown RATIONAL4J_MAX_ISA=%s (expected %s|%s|%s); using the scalar tier\n",
            s, ISA_NAMES[0], ISA_NAMES[1], ISA_NAMES[2]);
    return R4J_ISA_SCALAR;
}

static void apply(int cap) {
    int isa = cpu_isa < cap ? cpu_isa : cap;
    atomic_store(&active_table, table_for(isa));
    atomic_store(&active_isa, isa);
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
    apply(env_cap());
}

/* The first caller initialises; a concurrent first caller waits the few microseconds that
 * takes (sequentially consistent atomics publish cpu_isa and the table). */
static void init_once(void) {
    if (atomic_load(&state) == 2) return;
    int expected = 0;
    if (atomic_compare_exchange_strong(&state, &expected, 1)) {
        init();
        atomic_store(&state, 2);
        return;
    }
    while (atomic_load(&state) != 2) {
    }
}

int32_t r4j_cpu_isa(void) { init_once(); return cpu_isa; }

int32_t r4j_active_isa(void) { init_once(); return atomic_load(&active_isa); }

int32_t r4j_set_max_isa(int32_t isa) {
    if (isa < R4J_ISA_SCALAR || isa > R4J_ISA_MAX) return R4J_ERR_ARGUMENT;
    init_once();
    apply(isa);
    return atomic_load(&active_isa);
}

const char *r4j_isa_name(int32_t isa) {
    return isa >= R4J_ISA_SCALAR && isa <= R4J_ISA_MAX ? ISA_NAMES[isa] : NULL;
}

const r4j_kernels *r4j_table(void) {
    const r4j_kernels *t = atomic_load(&active_table);
    if (t == NULL) {
        init_once();
        t = atomic_load(&active_table);
    }
    return t;
}
