#!/usr/bin/env bash
# Run by the consumer build (verify phase). $1: a JDK 17 java (Maven's own); a JDK 22+ is found in
# JAVA_HOME, on the PATH or under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")"
java17=$1
classes=target/classes
cp=$(cat target/classpath.txt)
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. What a user's build resolves: at most the core, its natives, gson and JNA; no CLI or test libraries.
jars=$(tr ':' '\n' <<<"$cp" | sed 's#.*/##')
echo "resolved: $(tr '\n' ' ' <<<"$jars")"
[ "$(wc -l <<<"$jars")" -le 4 ] || bad "a consumer resolves more than 4 jars"
if grep -iE 'junit|picocli|xchart|pdfbox|fontbox|jline|progressbar|commons-logging' <<<"$jars"; then
  bad "a consumer resolves CLI or test libraries"
fi

# (a JVM that cannot run here, e.g. Debian's arm64 JRE for the qemu smoke test, gives no version)
feature() { { "$1" -XshowSettings:properties -version 2>&1 || true; } | sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//; s/\..*//'; }
java22=""
for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -n "$j" ] && [ -x "$j" ] || continue
  v=$(feature "$j")
  if [ -n "$v" ] && [ "$v" -ge 22 ]; then java22=$j; break; fi
done
[ -n "$java22" ] || bad "no JDK 22+ found to run the consumer on"
[ "$(feature "$java17")" = 17 ] || echo "note: $java17 is not JDK 17; the JDK 17 run uses it anyway"

cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
run() {  # label, java, args...: prints the consumer's lines, keeps stderr apart
  local label=$1 java=$2; shift 2
  "$java" -Drational4j.cache.dir="$cache" "$@" >"$cache/$label.out" 2>"$cache/$label.err" \
    || { bad "$label: exit $?"; cat "$cache/$label.err"; }
  echo "$label: $(sed -n 's/^BACKEND //p' "$cache/$label.out" | cut -c1-60)"
}
without_natives=$(tr ':' '\n' <<<"$cp" | grep -v -- '-natives-' | paste -sd: -)

# 2. Class path, no JVM flags: JDK 17 gets jna, JDK 22+ ffm (with one INFO line naming the flag).
run cp17 "$java17" -cp "$classes:$cp" org.rational4j.consumer.Consumer
grep -q "^BACKEND jna: native tier" "$cache/cp17.out" || bad "JDK 17 on the class path did not get jna"
if [ -n "$java22" ]; then
  run cp22 "$java22" -cp "$classes:$cp" org.rational4j.consumer.Consumer
  grep -q '^BACKEND ffm: native tier' "$cache/cp22.out" || bad "JDK 22+ on the class path did not get ffm"
  grep -q 'add --enable-native-access=ALL-UNNAMED to the java command to silence it' "$cache/cp22.err" \
    || bad "JDK 22+ without flags: no line naming --enable-native-access=ALL-UNNAMED"

  # 3. Without the natives jar: pure Java, and one WARNING that says why.
  run nonatives "$java22" -cp "$classes:$without_natives" org.rational4j.consumer.Consumer
  grep -q '^BACKEND scalar' "$cache/nonatives.out" || bad "without natives the consumer did not run pure Java"
  [ "$(grep -c '^WARNING: rational4j' "$cache/nonatives.err")" = 1 ] || bad "without natives: not exactly one WARNING line"
  grep -q 'no native backend' "$cache/nonatives.err" || bad "without natives: the warning does not say why"

  # 4. Module path with only --enable-native-access=org.rational4j: ffm, and no JVM warning.
  run module22 "$java22" --enable-native-access=org.rational4j -p "$classes:$cp" \
    -m org.rational4j.consumer/org.rational4j.consumer.Consumer
  grep -q '^BACKEND ffm: native tier' "$cache/module22.out" || bad "JDK 22+ on the module path did not get ffm"
  if grep -q 'restricted method' "$cache/module22.err"; then bad "module path: the JVM warned about native access"; fi

  # the same bits whichever backend ran
  for label in cp22 nonatives module22; do
    [ "$(grep '^Y ' "$cache/$label.out")" = "$(grep '^Y ' "$cache/cp17.out")" ] || bad "$label computed other values than cp17"
  done
fi
for f in "$cache"/*.err; do
  if [ $fail -ne 0 ]; then echo "--- $(basename "$f")"; cat "$f"; fi
done
[ $fail -eq 0 ] && echo "consumer: ok"
exit $fail
