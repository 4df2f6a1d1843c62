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
bash scripts/build.sh build -DTUG_WERROR=ON

echo "== unit tests under ASan/UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTUG_SANITIZE=ON -DTUG_WERROR=ON >/dev/null
ninja -C build-asan unit_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -L unit -j "$jobs" --output-on-failure

echo "== all tests (unit and e2e, strict)"
export TUG_E2E_STRICT=1
ctest --test-dir build -j "$((jobs + 1))" --output-on-failure
