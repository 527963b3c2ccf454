#!/bin/sh
# Builds and tests the natives of every platform this host can build, from the same sources:
#   linux-x86_64    host gcc                          tests: natively (every tier the CPU has)
#   linux-aarch64   aarch64-linux-gnu-gcc             tests: qemu-aarch64 (scalar, neon)
#   windows-x86_64  x86_64-w64-mingw32-gcc            tests: wine (every tier the CPU has)
# A platform whose cross compiler is missing is skipped with one line; one whose emulator is
# missing is built but its tests are skipped with one line. Each build checks (CMake POST_BUILD)
# that Linux libraries need no GLIBC_ symbol above 2.17, strips the library into the natives
# folder and keeps the debug information beside the build; ctest then runs the C tests, the
# golden-bits check (native/test/golden.txt, written on x86-64) and the export check.
#
# Usage: native/platforms.sh [--no-tests] [platform ...]   (default: all three)
#        native/platforms.sh --write-golden        rewrite native/test/golden.txt on this x86-64 host
# Environment: R4J_SKIP_TESTS=true is --no-tests; R4J_HOST_NATIVES=DIR adds a natives folder built
# elsewhere (Maven's host build) to natives-all; R4J_JOBS (default 2) parallel compile jobs.
# Output: target/natives-<platform>/META-INF/native/org.rational4j/<platform>/<library>{,.sha256}
#         (the content of the natives-<platform> jar), target/natives-all/ (every platform built),
#         target/native-<platform>/ (build folder; debug/<library>.debug is the separate debug file).
# Debian packages: gcc-aarch64-linux-gnu qemu-user gcc-mingw-w64-x86-64 wine64
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${R4J_JOBS:-2}

build() { # platform toolchain-file(or empty)
  p=$1; tc=$2; dir="$root/target/native-$p"
  set -- -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DR4J_PLATFORM="$p" -DR4J_NATIVES_DIR="$root/target/natives-$p"
  [ -n "$tc" ] && set -- "$@" -DCMAKE_TOOLCHAIN_FILE="$root/native/cmake/toolchains/$tc"
  cmake "$@" >/dev/null
  cmake --build "$dir" --parallel "$jobs"
}

if [ "${1:-}" = "--write-golden" ]; then
  build linux-x86_64 ""
  "$root/target/native-linux-x86_64/r4j_test" golden write "$root/native/test/golden.txt"
  exit 0
fi

tests=1
[ "${R4J_SKIP_TESTS:-false}" = true ] && tests=0
if [ "${1:-}" = "--no-tests" ]; then tests=0; shift; fi
platforms=${*:-"linux-x86_64 linux-aarch64 windows-x86_64"}
built=""
for p in $platforms; do
  case $p in
    linux-x86_64) cc=gcc; tc=""; runner="" ;;
    linux-aarch64) cc=aarch64-linux-gnu-gcc; tc=linux-aarch64.cmake; runner=qemu-aarch64 ;;
    windows-x86_64) cc=x86_64-w64-mingw32-gcc; tc=windows-x86_64.cmake; runner=wine ;;
    *) echo "platforms.sh: unknown platform $p (linux-x86_64, linux-aarch64, windows-x86_64)" >&2; exit 2 ;;
  esac
  if ! command -v "$cc" >/dev/null 2>&1; then
    echo "SKIP $p: $cc not found (apt-get install $( [ "$p" = linux-aarch64 ] && echo gcc-aarch64-linux-gnu || echo gcc-mingw-w64-x86-64 ))"
    continue
  fi
  echo "== $p: build"
  build "$p" "$tc"
  built="$built $p"
  [ "$tests" = 1 ] || continue
  if [ -n "$runner" ] && ! command -v "$runner" >/dev/null 2>&1; then
    echo "SKIP $p tests: $runner not found (apt-get install $( [ "$runner" = wine ] && echo wine64 || echo qemu-user ))"
    continue
  fi
  echo "== $p: tests"
  if [ "$p" = windows-x86_64 ]; then
    # a private, quiet wine prefix under target/ (created on first use, ~10 s)
    export WINEPREFIX="$root/target/wine" WINEDEBUG=-all
  fi
  ctest --test-dir "$root/target/native-$p" --output-on-failure
done

# natives-all: every platform built in this run (and R4J_HOST_NATIVES), same resource layout
if [ -n "$built" ] || [ -n "${R4J_HOST_NATIVES:-}" ]; then
  rm -rf "$root/target/natives-all"
  mkdir -p "$root/target/natives-all"
  for p in $built; do cp -R "$root/target/natives-$p/." "$root/target/natives-all/"; done
  [ -n "${R4J_HOST_NATIVES:-}" ] && [ -d "$R4J_HOST_NATIVES/META-INF" ] && cp -R "$R4J_HOST_NATIVES/." "$root/target/natives-all/"
  # the CUDA library (native/cuda) is not part of the CPU natives jars
  find "$root/target/natives-all" -name '*rational4j_cuda*' -delete
  echo "natives-all: $(ls "$root/target/natives-all/META-INF/native/org.rational4j" | tr '\n' ' ')-> target/natives-all"
fi
