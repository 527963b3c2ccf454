#include "rational4j.h"
int32_t r4j_abi_version(void) { return R4J_ABI_VERSION; }
