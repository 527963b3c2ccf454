/*
 * librational4j_cuda compiled for the host (see cuda_runtime.h here): the same source file,
 * with kernel launches run as loops. Linked with test_cuda_gpu.c, it runs the GPU bit tests on a
 * machine without a GPU: it checks the kernels' indexing, the lane/chunk/block bookkeeping and the
 * driver code against the CPU library, though not nvcc's code generation or the device itself.
 */
#include <cstring>
#include <functional>
#include <vector>

#include "cuda_runtime.h"

/* Threads of a block with a barrier: one ucontext each, run round-robin until all finish. */
struct EmuThread {
    ucontext_t ctx;
    std::vector<char> stack;
    unsigned t;
    bool done;
};
static std::function<void()> *emu_body;
static EmuThread *emu_current;

static void emu_trampoline() {
    threadIdx = dim3(emu_current->t);
    (*emu_body)();
    emu_current->done = true;
}

template <class F> static void emu_launch(dim3 grid, dim3 block, bool barrier, F body) {
    gridDim = grid;
    blockDim = block;
    std::function<void()> fn = body;
    std::vector<EmuThread> ts(barrier ? block.x : 0);
    for (auto &t : ts) t.stack.resize(256 * 1024);
    for (unsigned by = 0; by < grid.y; by++)
        for (unsigned bx = 0; bx < grid.x; bx++) {
            blockIdx = dim3(bx, by);
            if (!barrier) {
                for (unsigned t = 0; t < block.x; t++) {
                    threadIdx = dim3(t);
                    body();
                }
                continue;
            }
            ucontext_t sched;
            for (unsigned t = 0; t < block.x; t++) {
                EmuThread &e = ts[t];
                e.t = t;
                e.done = false;
                getcontext(&e.ctx);
                e.ctx.uc_stack.ss_sp = e.stack.data();
                e.ctx.uc_stack.ss_size = e.stack.size();
                e.ctx.uc_link = &sched;
                makecontext(&e.ctx, emu_trampoline, 0);
            }
            emu_body = &fn;
            emu_sched = &sched;
            for (bool left = true; left;) {
                left = false;
                for (auto &e : ts) {
                    if (e.done) continue;
                    emu_current = &e;
                    emu_self = &e.ctx;
                    threadIdx = dim3(e.t);
                    swapcontext(&sched, &e.ctx);
                    left |= !e.done;
                }
            }
            emu_self = nullptr;
        }
}

/* the one kernel with __syncthreads runs its threads concurrently */
#define R4J_LAUNCH(grid, block, stream, args, ...)                                                \
    emu_launch(dim3(grid), dim3(block), std::strstr(#__VA_ARGS__, "reduce_kernel") != nullptr,    \
               [&] { __VA_ARGS__ args; })

#include "../../src/r4j_cuda.cu"
