#!/bin/sh
# The linux-aarch64 natives jar on a real arm64 JVM: Debian's arm64 JRE 17 under qemu-aarch64 runs
# native/test/jvm/JvmSmoke.java with the library jar, target/*-natives-linux-aarch64.jar and JNA
# (JDK 17: backend jna, through the library's real loader), at the best tier (neon) and capped to
# scalar; its lines must equal the same program's on this host's JVM with the pure-Java scalar
# backend. A missing qemu-aarch64, arm64 JRE or aarch64 natives jar is one SKIP line.
#
# Usage: native/jvm-smoke.sh JNA-JAR   (run by `mvn verify`, profile cross-natives, after package)
# Environment: R4J_ARM64_JAVA, the arm64 java (default: Debian's openjdk-17-jre-headless:arm64);
# QEMU_LD_PREFIX (read by qemu itself): the root of its aarch64 libraries when they are not under /;
# R4J_SKIP_TESTS=true (Maven's -DskipTests): do nothing.
# Debian: dpkg --add-architecture arm64 && apt-get update && apt-get install openjdk-17-jre-headless:arm64
set -eu
[ "${R4J_SKIP_TESTS:-false}" = true ] && exit 0   # mvn -DskipTests
root=$(cd "$(dirname "$0")/.." && pwd)
jna=$1
arm_java=${R4J_ARM64_JAVA:-/usr/lib/jvm/java-17-openjdk-arm64/bin/java}
main=$(ls "$root"/target/rational4j-*.jar 2>/dev/null | grep -v -- '-natives-\|-sources\|-javadoc\|-tests' | head -1)
natives=$(ls "$root"/target/rational4j-*-natives-linux-aarch64.jar 2>/dev/null | head -1 || true)

if ! command -v qemu-aarch64 >/dev/null 2>&1; then
  echo "SKIP jvm-smoke linux-aarch64: qemu-aarch64 not found (apt-get install qemu-user)"; exit 0
fi
if [ ! -e "$arm_java" ]; then
  echo "SKIP jvm-smoke linux-aarch64: no arm64 JRE at $arm_java (dpkg --add-architecture arm64; apt-get install openjdk-17-jre-headless:arm64)"; exit 0
fi
if [ -z "$natives" ]; then
  echo "SKIP jvm-smoke linux-aarch64: no natives-linux-aarch64 jar in target/ (not cross-built)"; exit 0
fi

[ -n "$main" ] || { echo "FAIL jvm-smoke: no target/rational4j-<version>.jar (mvn package first)"; exit 1; }
out="$root/target/jvm-smoke"
rm -rf "$out"
mkdir -p "$out/classes"
javac --release 17 -cp "$main" -d "$out/classes" "$root/native/test/jvm/JvmSmoke.java"

fail=0
java -Drational4j.backend=scalar -cp "$out/classes:$main:$jna" JvmSmoke >"$out/expected.txt"
grep -q '^BACKEND scalar' "$out/expected.txt" || { echo "FAIL jvm-smoke: the host run did not use the scalar backend"; exit 1; }
grep -v '^BACKEND' "$out/expected.txt" >"$out/expected.bits"
[ -s "$out/expected.bits" ] || { echo "FAIL jvm-smoke: the host run printed no results"; exit 1; }

# both AArch64 tiers of the library, each forced by the cap (neon is the best one qemu offers)
for cap in neon scalar; do
  start=$(date +%s)
  # C1 only and the serial collector: C2 compiles and GC threads cost most of the time under qemu
  if ! RATIONAL4J_MAX_ISA=$cap qemu-aarch64 "$arm_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -Drational4j.backend=jna -Drational4j.cache.dir="$out/cache" -Djna.tmpdir="$out/jna" \
      -cp "$out/classes:$main:$natives:$jna" JvmSmoke >"$out/aarch64-$cap.txt" 2>"$out/aarch64-$cap.err"; then
    echo "FAIL jvm-smoke linux-aarch64 ($cap): the arm64 JVM exited with an error"; cat "$out/aarch64-$cap.err"; fail=1; continue
  fi
  backend=$(sed -n 's/^BACKEND //p' "$out/aarch64-$cap.txt")
  case $backend in
    "jna: native tier $cap (cpu neon), library "*linux-aarch64*librational4j.so*) ;;
    *) echo "FAIL jvm-smoke linux-aarch64 ($cap): backend is '$backend', not jna tier $cap with the linux-aarch64 library"; fail=1 ;;
  esac
  grep -v '^BACKEND' "$out/aarch64-$cap.txt" >"$out/aarch64-$cap.bits"
  if ! diff "$out/expected.bits" "$out/aarch64-$cap.bits" >"$out/aarch64-$cap.diff"; then
    echo "FAIL jvm-smoke linux-aarch64 ($cap): bits differ from the host's scalar backend:"; cat "$out/aarch64-$cap.diff"; fail=1
  fi
  [ -s "$out/aarch64-$cap.err" ] && { echo "jvm-smoke ($cap) stderr:"; cat "$out/aarch64-$cap.err"; }
  echo "jvm-smoke linux-aarch64 ($cap): $(wc -l <"$out/expected.bits") cases, $(($(date +%s) - start)) s: ${backend%%, library*}"
done
[ $fail -eq 0 ] && echo "jvm-smoke linux-aarch64: ok (arm64 JRE under qemu, same bits as the host)"
exit $fail
