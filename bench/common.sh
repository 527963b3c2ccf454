# Sourced by bench/run.sh and bench/widths.sh: the JDK they run on and how they build the suite.

# A JDK 22+ for the benchmarks (FFM, Vector API): $R4J_BENCH_JAVA, JAVA_HOME, java on the PATH, or
# /usr/lib/jvm; sets java_bin or exits naming the fix.
find_java22() {
  local c v
  java_bin="${R4J_BENCH_JAVA:-}"
  if [ -z "$java_bin" ]; then
    for c in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
      [ -x "$c" ] || continue
      # a JVM of another architecture (the arm64 JRE of the qemu smoke test) cannot run: no version
      v=$({ "$c" -XshowSettings:properties -version 2>&1 || true; } | sed -n 's/^ *java.specification.version = //p')
      if [ "${v%%.*}" -ge 22 ] 2>/dev/null; then java_bin="$c"; break; fi
    done
  fi
  [ -n "$java_bin" ] || { echo "$(basename "$0"): no JDK 22+ found; set R4J_BENCH_JAVA" >&2; exit 1; }
}

# Installs the library as the suite uses it (this host's natives only: no cross-built platforms, no
# CUDA, no javadoc), then builds bench/target/benchmarks.jar.
build_suite() {
  (cd "$root" && mvn -q -B -DskipTests -Dr4j.skipCross -Dr4j.cuda=OFF -Dmaven.javadoc.skip install)
  (cd "$here" && mvn -q -B package)
}
