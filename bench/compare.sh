#!/usr/bin/env bash
# Before/after check of a library change with the JMH main sweep:
#   bench/compare.sh BEFORE.jar AFTER.jar|build [rounds] [JMH args...]
# BEFORE.jar and AFTER.jar are bench/target/benchmarks.jar built from the two commits (copy the first
# one aside before building the second); `build` builds AFTER from this checkout first. Runs MainSweep (ffm, jna, vector, scalar at 64K, 1M, 16M)
# alternately with each jar, `rounds` times (default 2), so that both see the same machine; then
# results/compare.md: per benchmark the median over rounds of each jar's median, and after / before
# of throughput (a change keeps its promise when no ratio is below 0.97). R4J_COMPARE_JMH replaces
# the iteration options (default: -f 1 -wi 3 -w 300ms -i 5 -r 200ms); R4J_COMPARE_BENCH (default
# MainSweep), R4J_COMPARE_BACKENDS and R4J_COMPARE_SIZES narrow a recheck of single figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { echo "usage: bench/compare.sh BEFORE.jar AFTER.jar|build [rounds] [JMH args...]" >&2; exit 2; }
before="$1"; after="$2"; shift 2
rounds="${1:-2}"; [ $# -ge 1 ] && shift
root="$(dirname "$here")"
. "$here/common.sh"
find_java22
if [ "$after" = build ]; then
  build_suite
  after="$here/target/benchmarks.jar"
fi
flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
read -r -a jmh_opts <<< "${R4J_COMPARE_JMH:--f 1 -wi 3 -w 300ms -i 5 -r 200ms}"
mkdir -p "$here/results" "$here/target"
notes="$here/target/notes-compare.txt"
{
  echo "- cpu (lscpu): $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; avx512: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)"
  echo "- before: $before; after: $after; $rounds rounds, alternating; JMH ${R4J_COMPARE_BENCH:-MainSweep} ${jmh_opts[*]} $*"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$notes"
specs=()
for r in $(seq 1 "$rounds"); do
  for label in before after; do
    jar=$([ "$label" = before ] && echo "$before" || echo "$after")
    out="$here/target/compare-$label-$r.json"
    echo "== round $r, $label"
    "$java_bin" "${flags[@]}" -jar "$jar" "${R4J_COMPARE_BENCH:-MainSweep}" \
      -p backend="${R4J_COMPARE_BACKENDS:-ffm,jna,vector,scalar}" \
      -p size="${R4J_COMPARE_SIZES:-65536,1048576,16777216}" "${jmh_opts[@]}" -rf json -rff "$out" "$@" \
      > "$here/target/compare-$label-$r.log" 2>&1
    specs+=("$label:$out")
  done
done
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$notes"
"$java_bin" "${flags[@]}" -cp "$after" org.rational4j.bench.CompareReport "$here/results/compare.md" "$notes" "${specs[@]}"
