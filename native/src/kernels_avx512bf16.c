/* The AVX-512 tier again, narrowing to bf16 with vcvtneps2bf16 (AVX512_BF16, checked by CPUID). */
#define R4J_BF16_INSN 1
#include "kernels_avx512.c"
