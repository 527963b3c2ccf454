#!/usr/bin/env bash
# The one command of the rational4j benchmarks:
#   bench/run.sh quick [JMH args...]   main sweep + targets, short iterations (< 10 min on 2 cores)
#   bench/run.sh full  [JMH args...]   the same benchmarks, longer warm-up and measurement
# It installs the library from this checkout (mvn -DskipTests install at the root), builds
# bench/target/benchmarks.jar, runs JMH with -rf json into bench/results/<mode>.json, then
# org.rational4j.bench.Report writes bench/results/<mode>.md and <mode>.png.
# Extra arguments go to JMH (e.g. a benchmark regex: bench/run.sh quick 'MainSweep.forward').
# R4J_BENCH_NAME=<name> writes results/<name>.* instead of results/<mode>.*;
# R4J_BENCH_SKIP_BUILD=1 reuses the benchmarks.jar already built.
set -euo pipefail
mode="${1:-quick}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
name="${R4J_BENCH_NAME:-$mode}"

case "$mode" in
  quick) jmh_opts=(-f 1 -wi 3 -w 300ms -i 5 -r 200ms) ;;
  full)  jmh_opts=(-f 1 -wi 5 -w 500ms -i 10 -r 500ms) ;;
  *) echo "usage: bench/run.sh quick|full [JMH args...]" >&2; exit 2 ;;
esac

. "$here/common.sh"
find_java22

jar="$here/target/benchmarks.jar"
if [ "${R4J_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building the library (root) and the benchmarks"
  build_suite
fi
# ~/.m2 is shared: make sure the jar holds the FFM backend this suite measures
unzip -l "$jar" > "$here/target/jar-listing.txt"
grep -q 'org/rational4j/internal/ffm/FfmBackend.class' "$here/target/jar-listing.txt" \
  || { echo "run.sh: $jar lacks the FFM backend (a library without it was installed)" >&2; exit 1; }

mkdir -p "$here/results"
notes="$here/target/notes-$name.txt"
flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
{
  echo "- cpu (lscpu): $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (+ local changes)'), mode $mode, JMH options ${jmh_opts[*]} $*"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other builds run at the same time)"
} > "$notes"

start=$(date +%s)
echo "== JMH ($mode) with $java_bin"
"$java_bin" "${flags[@]}" -jar "$jar" "${jmh_opts[@]}" -rf json -rff "$here/results/$name.json" "$@" \
  2>&1 | tee "$here/target/jmh-$name.log"
end=$(date +%s)
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); JMH wall time $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s" >> "$notes"

echo "== report"
"$java_bin" "${flags[@]}" -Djava.awt.headless=true -Xmx4g -cp "$jar" org.rational4j.bench.Report \
  "$here/results/$name.json" "$here/results/$name" "$mode" "$notes"
