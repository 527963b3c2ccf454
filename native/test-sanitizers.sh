#!/bin/sh
# ASan + UBSan build of the library and the C tests in its own build folder, then ctest there.
# Usage: native/test-sanitizers.sh [build-dir]   (default: target/cmake-asan, from the repo root)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$root/target/cmake-asan"}
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DR4J_SANITIZE=ON \
      -DR4J_PLATFORM=sanitized -DR4J_NATIVES_DIR="$dir/natives"
cmake --build "$dir" --parallel 2
# detect_leaks: the tests free everything; halt_on_error/abort: any report fails the run
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure --timeout 400
