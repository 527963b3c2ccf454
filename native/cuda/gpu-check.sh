#!/usr/bin/env bash
# The one GPU run of the CUDA backend (docs/cuda.md): builds librational4j_cuda with the CPU
# library, runs the host checks, the bit tests against the CPU library (reference vectors, random
# versions/degrees 0..16/groups/shapes/dtypes, odd lengths, misaligned device pointers), the same
# tests under compute-sanitizer's memcheck when it is installed (fewer cases), and the benchmark
# against a device-to-device copy, and prints the table. Needs nvcc, CMake, gcc and one GPU; no
# network. A few minutes on an H100/H200.
#
#   native/cuda/gpu-check.sh [build-dir]
#   env: R4J_CUDA_RANDOM=400 (random cases), R4J_MEMCHECK=0 (skip memcheck),
#        R4J_CUDA_ARCH=90 (else taken from nvidia-smi, else sm_80 + sm_90 + PTX)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/target/cuda-check}
random=${R4J_CUDA_RANDOM:-400}
status=0
step() { printf '\n==== %s\n' "$*"; }

step "machine"
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader || true
nvcc --version | tail -2
arch=${R4J_CUDA_ARCH:-$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' .')}
archs=()
if [[ -n "$arch" ]]; then archs=(-DCMAKE_CUDA_ARCHITECTURES="${arch}-real"); fi

step "build ($build, arch ${arch:-default})"
t0=$(date +%s)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DR4J_PLATFORM=linux-x86_64 \
      -DR4J_CUDA_GPU_TESTS=ON "${archs[@]}" >"$build.configure.log" 2>&1 \
  || { cat "$build.configure.log"; exit 2; }
grep -q 'CUDA compiler identification' "$build.configure.log" || { echo "CMake found no nvcc"; exit 2; }
cmake --build "$build" -j"$(nproc)" --target rational4j rational4j_cuda r4j_cuda_args r4j_cuda_test \
      r4j_cuda_bench 2>&1 | tail -5
[[ -x "$build/native/cuda/r4j_cuda_test" ]] || { echo "build failed"; exit 2; }
echo "built in $(( $(date +%s) - t0 )) s"
bin=$build/native/cuda

step "host checks"
"$bin/r4j_cuda_args" || status=1

step "bit tests against the CPU library ($random random cases)"
t0=$(date +%s)
"$bin/r4j_cuda_test" "$random" || status=1
echo "tests took $(( $(date +%s) - t0 )) s"

if [[ "${R4J_MEMCHECK:-1}" != 0 ]] && command -v compute-sanitizer >/dev/null; then
  step "memcheck (compute-sanitizer: vectors, fixed layouts in f32, 20 random cases)"
  timeout 300 compute-sanitizer --tool memcheck --error-exitcode 3 "$bin/r4j_cuda_test" 20 quick | tail -15 \
    || status=1
fi

step "benchmark"
"$bin/r4j_cuda_bench" || status=1

step "result"
if [[ $status == 0 ]]; then echo "GPU CHECK PASSED"; else echo "GPU CHECK FAILED"; fi
exit $status
