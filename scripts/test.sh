#!/usr/bin/env bash
# Installs dependencies, builds, runs every test, and prints ctest's summary.
#   - unit tests twice: in the main build and under ASan/UBSan;
#   - e2e tests (as root, real runc/CNI/docker-registry) in strict mode: a skip fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh: run as root (the e2e tests run containers)" >&2
  exit 1
fi

bash scripts/install-deps.sh

export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
jobs=$(nproc)
echo "== build (warnings are errors)"
# Release: -O2 as benchmarked, without debug info (a third of the compile time).
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DTUG_WERROR=ON

# The sanitizer build compiles while the tests below run, at the lowest priority: the
# e2e tests spend most of their time waiting on containers, and get the CPU first.
echo "== ASan/UBSan build, in the background (build-asan/build.log)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTUG_SANITIZE=ON -DTUG_WERROR=ON >/dev/null
nice -n 19 ninja -C build-asan unit_tests >build-asan/build.log 2>&1 &
asan_build=$!
trap 'kill $asan_build 2>/dev/null || true' EXIT

echo "== all tests (unit and e2e, strict)"
export TUG_E2E_STRICT=1
status=0
ctest --test-dir build -j "$((jobs + 1))" --output-on-failure || status=$?

echo "== unit tests under ASan/UBSan"
if ! wait "$asan_build"; then
  tail -50 build-asan/build.log
  echo "scripts/test.sh: the ASan/UBSan build failed" >&2
  exit 1
fi
trap - EXIT
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -L unit -j "$jobs" --output-on-failure || status=$?
exit "$status"
