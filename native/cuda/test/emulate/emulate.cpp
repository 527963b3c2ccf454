/*
 * librational4j_cuda compiled for the host (see cuda_runtime.h here): the same source file,
 * with kernel launches run as loops. Linked with test_cuda_gpu.c, it runs the GPU bit tests on a
 * machine without a GPU: it checks the kernels' indexing, the lane/chunk/block bookkeeping and the
 * driver code against the CPU library, though not nvcc's code generation or the device itself.
 */
#include <cstring>
#include <thread>
#include <vector>

#include "cuda_runtime.h"

template <class F> static void emu_launch(dim3 grid, dim3 block, bool threaded, F body) {
    gridDim = grid;
    for (unsigned by = 0; by < grid.y; by++)
        for (unsigned bx = 0; bx < grid.x; bx++) {
            if (!threaded) {
                blockIdx = dim3(bx, by);
                blockDim = block;
                for (unsigned t = 0; t < block.x; t++) {
                    threadIdx = dim3(t);
                    body();
                }
                continue;
            }
            std::barrier<> bar((std::ptrdiff_t)block.x);
            std::vector<std::thread> ts;
            for (unsigned t = 0; t < block.x; t++)
                ts.emplace_back([&, t] {
                    blockIdx = dim3(bx, by);
                    blockDim = block;
                    gridDim = grid;
                    threadIdx = dim3(t);
                    emu_barrier = &bar;
                    body();
                });
            for (auto &t : ts) t.join();
        }
}

/* the one kernel with __syncthreads runs its threads concurrently */
#define R4J_LAUNCH(grid, block, stream, args, ...)                                                \
    emu_launch(dim3(grid), dim3(block), std::strstr(#__VA_ARGS__, "reduce_kernel") != nullptr,    \
               [&] { __VA_ARGS__ args; })

#include "../../src/r4j_cuda.cu"
