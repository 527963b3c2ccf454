#!/usr/bin/env bash
# The vector backend at each vector width beside ffm on the native tier of the same width:
#   bench/widths.sh [JMH args...]
# One JMH run of MainSweep (ffm, vector, scalar at 64K and 1M) per width the CPU has (128, 256, 512
# bits), with -Drational4j.vector.bits=<w> for vector and RATIONAL4J_MAX_ISA=avx2 (128, 256) or
# avx512 (512) for ffm; results/widths-<w>.json, then results/widths.md (table, ratios, targets).
# The warm-up is longer than quick mode's so that the vector backward is past its JIT warm-up
# (see Warmup in the library) before measuring. Needs bench/target/benchmarks.jar: run
# bench/run.sh once, or set R4J_BENCH_BUILD=1 to build it here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
. "$here/common.sh"
find_java22
if [ "${R4J_BENCH_BUILD:-0}" = 1 ]; then
  build_suite
fi
[ -f "$jar" ] || { echo "widths.sh: $jar missing (bench/run.sh builds it, or R4J_BENCH_BUILD=1)" >&2; exit 1; }

flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
hw=$(grep -qw avx512f /proc/cpuinfo && echo 512 || { grep -qw avx2 /proc/cpuinfo && echo 256 || echo 128; })
mkdir -p "$here/results"
notes="$here/target/notes-widths.txt"
{
  echo "- cpu (lscpu): $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; widest vectors: $hw bits"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (+ local changes)'); JMH -f 1 -wi 6 -w 500ms -i 10 -r 300ms $*"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine: compare ratios within a run, not runs)"
} > "$notes"
specs=()
for w in 128 256 512; do
  [ "$w" -le "$hw" ] || continue
  tier=$([ "$w" = 512 ] && echo avx512 || echo avx2)
  echo "== $w-bit vectors, ffm on $tier"
  RATIONAL4J_MAX_ISA=$tier "$java_bin" "${flags[@]}" -jar "$jar" MainSweep -p backend=ffm,vector,scalar \
    -p size=65536,1048576 -f 1 -wi 6 -w 500ms -i 10 -r 300ms -jvmArgsPrepend "-Drational4j.vector.bits=$w" \
    -rf json -rff "$here/results/widths-$w.json" "$@" 2>&1 | tee "$here/target/jmh-widths-$w.log" | grep -E '^MainSweep|^# Run complete'
  specs+=("$w:$tier:$here/results/widths-$w.json")
done
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$notes"
"$java_bin" "${flags[@]}" -cp "$jar" org.rational4j.bench.WidthsReport "$here/results/widths.md" "$notes" "${specs[@]}"
