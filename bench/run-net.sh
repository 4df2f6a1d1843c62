#!/usr/bin/env bash
# Side by side, N runs each: `tug run --rm busybox true` on the default bridge, the same with
# podman (netavark) and docker when a daemon can be started, plus tug's network path alone
# (__net-attach/__net-detach: netns + CNI ADD/DEL). Prints mean wall time per run.
# Usage: bench/run-net.sh [N]   (root; TUG_BIN=path/to/tug, default build/cli/main/tug)
set -euo pipefail
N=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
TUG_BIN=${TUG_BIN:-$here/build/cli/main/tug}
work=$(mktemp -d /tmp/tug-bench-net.XXXX)
export TUG_DATA_ROOT=$work/root TUG_STATE_DIR=/run/tug-bench-$$ TUG_CONFIG=$work/tug.toml
: >"$TUG_CONFIG"
cleanup() {
    "$TUG_BIN" network prune -f >/dev/null 2>&1 || true
    findmnt -rn -o TARGET | grep -F "$TUG_STATE_DIR" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$work" "$TUG_STATE_DIR"
}
trap cleanup EXIT

# Mean seconds per run of "$@", N times.
timeit() {
    local start end
    start=$(date +%s.%N)
    for _ in $(seq 1 "$N"); do "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }; done
    end=$(date +%s.%N)
    echo "scale=4; ($end - $start) / $N" | bc
}

report() { printf '%-44s %s s/run\n' "$1" "$2"; }

# Fixture image, built offline by the e2e fixtures (busybox-static).
fx_tar=""
if [ -f "$here/test/e2e/lib/fixtures.sh" ]; then
    # shellcheck disable=SC1091
    fx_dir=$(TUG_E2E_WORK=${TUG_E2E_WORK:-$here/build/e2e-work} bash -c "source '$here/test/e2e/lib/fixtures.sh'; fixtures_dir" 2>/dev/null) || fx_dir=""
    [ -n "$fx_dir" ] && fx_tar=$fx_dir/busybox-docker.tar
fi

i=0
report "tug __net-attach + __net-detach (bridge)" "$(timeit bash -c 'i=$RANDOM$RANDOM; "$0" __net-attach "b$i" && "$0" __net-detach "b$i"' "$TUG_BIN")"

if [ -n "$fx_tar" ] && [ -f "$fx_tar" ]; then
    "$TUG_BIN" load -i "$fx_tar" >/dev/null 2>&1 || true
    if "$TUG_BIN" run --rm busybox true >/dev/null 2>&1; then
        report "tug run --rm busybox true" "$(timeit "$TUG_BIN" run --rm busybox true)"
    else
        echo "tug run: not available yet (run path not wired)"
    fi
    if command -v podman >/dev/null; then
        podman load -i "$fx_tar" >/dev/null 2>&1 || true
        report "podman run --rm busybox true" "$(timeit podman run --rm busybox true)"
    fi
else
    echo "fixtures not available: build them with the e2e suite first"
fi
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    [ -n "$fx_tar" ] && docker load -i "$fx_tar" >/dev/null 2>&1 || true
    report "docker run --rm busybox true" "$(timeit docker run --rm busybox true)"
else
    echo "docker: no daemon available"
fi
