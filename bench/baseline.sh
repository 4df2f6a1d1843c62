#!/usr/bin/env bash
# Builds tug as it was at an earlier commit, for the benchmarks' TUG_BASELINE_BIN: a
# detached worktree of this repository at <commit>, built in Release with debug info
# (ccache makes a rebuild cheap). Prints the binary's path.
#   TUG_BASELINE_BIN=$(bench/baseline.sh f827e5c) bench/run.sh
# Usage: bench/baseline.sh <commit> [worktree dir (default /tmp/tug-baseline-<commit>)]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commit=${1:?usage: bench/baseline.sh <commit> [dir]}
dir=${2:-/tmp/tug-baseline-$commit}
if [ ! -d "$dir" ]; then
    git -C "$here" worktree add --detach "$dir" "$commit" >&2
fi
export CCACHE_BASEDIR=$dir CCACHE_NOHASHDIR=true
cmake -S "$dir" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTUG_BUILD_TESTS=OFF >&2
ninja -C "$dir/build" >&2
echo "$dir/build/cli/main/tug"
