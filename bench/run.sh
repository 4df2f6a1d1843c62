#!/usr/bin/env bash
# Side-by-side start-up cost: `tug run --rm --net=none busybox true`, `runc run` of a
# prepared bundle, and `podman run --rm --network=none` (when podman works here), with
# tug's ratios to each. Usage: bench/run.sh [TUG_BIN] [ITERATIONS]. Needs root.
set -euo pipefail
TUG=${1:-${TUG_BIN:-$(dirname "$0")/../build/cli/main/tug}}
N=${2:-20}
work=$(mktemp -d /tmp/tug-bench.XXXX)
export TUG_DATA_ROOT=$work/root TUG_STATE_DIR=/run/tug-bench-$$ TUG_CONFIG=$work/tug.toml
: >"$TUG_CONFIG"
cleanup() {
    "$TUG" rm -f $("$TUG" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
    runc --root "$work/runc" delete -f bench >/dev/null 2>&1 || true
    findmnt -rn -o TARGET | grep -E "^($work|$TUG_STATE_DIR)" | sort -r | xargs -r umount -l
    rm -rf "$work" "$TUG_STATE_DIR"
}
trap cleanup EXIT

# The busybox fixture image, loaded offline.
source "$(dirname "$0")/../test/e2e/lib/fixtures.sh"
fx=$(fixtures_dir)
"$TUG" load -i "$fx/busybox-docker.tar" >/dev/null

# A runc bundle of the same rootfs, with the spec tug writes.
cid=$("$TUG" create --net=none busybox true)
"$TUG" start "$cid" >/dev/null
"$TUG" wait "$cid" >/dev/null
mkdir -p "$work/bundle/rootfs"
cp -a "$TUG_DATA_ROOT"/snapshots/*/fs/. "$work/bundle/rootfs/" 2>/dev/null || true
runc spec --bundle "$work/bundle"
sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' "$work/bundle/config.json"
"$TUG" rm -f "$cid" >/dev/null

time_it() {  # prints milliseconds per iteration
    local start end i
    start=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$@" >/dev/null 2>&1; done
    end=$(date +%s%N)
    echo $(((end - start) / N / 1000000))
}

tug_ms=$(time_it "$TUG" run --rm --net=none busybox true)
runc_ms=$(time_it runc --root "$work/runc" run --bundle "$work/bundle" bench)
podman_ms=
if command -v podman >/dev/null && podman image exists busybox 2>/dev/null; then
    podman_ms=$(time_it podman run --rm --network=none busybox true)
fi
printf '%-40s %6s ms\n' "tug run --rm --net=none busybox true" "$tug_ms" "runc run (prepared bundle)" "$runc_ms"
[ -n "$podman_ms" ] && printf '%-40s %6s ms\n' "podman run --rm --network=none" "$podman_ms"
awk -v t="$tug_ms" -v r="$runc_ms" 'BEGIN { if (r > 0) printf "tug/runc   = %.2f (target <= 1.5)\n", t / r }'
[ -n "$podman_ms" ] && awk -v t="$tug_ms" -v p="$podman_ms" 'BEGIN { if (p > 0) printf "tug/podman = %.2f (target <= 0.3)\n", t / p }'
exit 0
