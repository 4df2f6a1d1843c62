#!/usr/bin/env bash
# Fresh Debian 12 machine, as root: installs dependencies, builds tug, installs it to
# /usr/local/bin, and shows what it does.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -DTUG_BUILD_TESTS=OFF
install -m 0755 build-release/cli/main/tug /usr/local/bin/tug
echo "installed /usr/local/bin/tug"

set -x
tug version
tug info
