#!/bin/sh
# libFuzzer over the C ABI with ASan + UBSan (native/fuzz/fuzz_abi.c): every tier this CPU has
# against the scalar tier, bit for bit; refused headers; 0-3 byte pointer offsets.
# Usage: native/fuzz.sh            bounded run, 60 s (what the build runs)
#        native/fuzz.sh SECONDS    bounded run of SECONDS (at most 60)
#        native/fuzz.sh long [S]   long run, S seconds (default 3600), for a person or a nightly job
# Needs clang (Debian: apt-get install clang). Builds in target/cmake-fuzz; the working corpus
# and any crash reproducer go to target/fuzz/ (the seeds in native/fuzz/corpus stay untouched).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
secs=60
case "${1:-}" in
  "") ;;
  long) secs=${2:-3600} ;;
  *[!0-9]*) echo "usage: $0 [SECONDS<=60 | long [SECONDS]]" >&2; exit 2 ;;
  *) secs=$1; if [ "$secs" -gt 60 ]; then echo "a bounded run is at most 60 s; use: $0 long $secs" >&2; exit 2; fi ;;
esac
cc=${CLANG:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz.sh: clang not found (apt-get install clang); libFuzzer needs it" >&2
  exit 3
fi
dir="$root/target/cmake-fuzz"
cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DR4J_SANITIZE=ON -DR4J_FUZZ=ON >/dev/null
cmake --build "$dir" --target r4j_fuzz --parallel 2
work="$root/target/fuzz"
mkdir -p "$work/corpus" "$work/artifacts"
# no cap: every tier the CPU has is compared (the target caps per call itself)
unset RATIONAL4J_MAX_ISA
# libFuzzer reports on stderr: kept in a log, shown whole only when it finds something
log="$work/fuzz.log"
if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$dir/r4j_fuzz" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$root/native/fuzz/corpus" \
  2>"$log"; then
  echo "fuzz: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" || echo done), no finding (log: $log)"
else
  status=$?
  cat "$log" >&2
  echo "fuzz: FOUND A PROBLEM (exit $status); reproducer in $work/artifacts/, log: $log" >&2
  exit "$status"
fi
