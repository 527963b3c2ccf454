/* The bf16 kernels of the AVX-512 tier again, narrowing with vcvtneps2bf16 (AVX512_BF16, checked
 * by CPUID in dispatch.c, which lays these entries over a copy of the AVX-512 table). */
#define R4J_BF16_INSN 1
#include "kernels_avx512.c"
