#!/usr/bin/env bash
# Side-by-side start-up cost and footprint, in one run:
#   - `tug run --rm --net=none busybox true`, `runc run` of a prepared bundle with the
#     spec tug writes, and `podman run --rm --network=none` (own store, this host's
#     rlimits), with tug's ratios (targets: <= 1.5x runc, <= 0.3x podman);
#   - `tug ps -a` with 1,000 containers (target: under 50 ms);
#   - the private memory (Pss) of one idle monitor (target: at most 1 MiB).
# Usage: bench/run.sh [TUG_BIN] [ITERATIONS] [CONTAINERS]. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
TUG=${1:-${TUG_BIN:-$here/build/cli/main/tug}}
N=${2:-20}
M=${3:-1000}
work=$(mktemp -d /tmp/tug-bench.XXXX)
export TUG_DATA_ROOT=$work/root TUG_STATE_DIR=/run/tug-bench-$$ TUG_CONFIG=$work/tug.toml
: >"$TUG_CONFIG"
podman_args=(--root "$work/podman" --runroot "/run/tug-bench-podman-$$" --tmpdir "/run/tug-bench-podman-tmp-$$")
cleanup() {
    set +e
    "$TUG" ps -aq 2>/dev/null | xargs -r "$TUG" rm -f >/dev/null 2>&1
    runc --root "$work/runc" delete -f bench >/dev/null 2>&1
    podman "${podman_args[@]}" system reset -f >/dev/null 2>&1
    findmnt -rn -o TARGET | grep -E "^($work|$TUG_STATE_DIR)" | sort -r | xargs -r umount -l
    rm -rf "$work" "$TUG_STATE_DIR" "/run/tug-bench-podman-$$" "/run/tug-bench-podman-tmp-$$"
}
trap cleanup EXIT

# The busybox fixture image, loaded offline.
fx=$(TUG_E2E_WORK=${TUG_E2E_WORK:-/tmp/tug-e2e-work} bash -c "source '$here/test/e2e/lib/fixtures.sh'; fixtures_dir")
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

time_it() {  # milliseconds per iteration, after one untimed warm-up
    local start end i
    "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }
    start=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$@" >/dev/null 2>&1; done
    end=$(date +%s%N)
    echo $(((end - start) / N / 1000000))
}
report() { printf '%-48s %8s\n' "$1" "$2"; }
ratio() { awk -v a="$2" -v b="$3" -v l="$1" -v t="$4" 'BEGIN { if (b > 0) printf "%-48s %8.2f  %s\n", l, a / b, t }'; }

tug_ms=$(time_it "$TUG" run --rm --net=none busybox true)
runc_ms=$(time_it runc --root "$work/runc" run --bundle "$work/bundle" bench)
podman_ms=
if command -v podman >/dev/null; then
    podman "${podman_args[@]}" load -i "$fx/busybox-docker.tar" >/dev/null 2>&1 || true
    # podman's default rlimits exceed what a process without CAP_SYS_RESOURCE may set.
    limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
    podman_ms=$(time_it podman "${podman_args[@]}" run --rm --network=none "${limits[@]}" busybox true) || podman_ms=
fi
report "tug run --rm --net=none busybox true" "$tug_ms ms"
report "runc run (prepared bundle)" "$runc_ms ms"
[ -n "$podman_ms" ] && report "podman run --rm --network=none busybox true" "$podman_ms ms"
ratio "tug/runc" "$tug_ms" "$runc_ms" "(target <= 1.5)"
[ -n "$podman_ms" ] && ratio "tug/podman" "$tug_ms" "$podman_ms" "(target <= 0.3)"

# One idle monitor: the parent of the container's process.
"$TUG" run -d --name idle --net=none busybox sleep 600 >/dev/null
pid=$("$TUG" inspect -f '{{.State.Pid}}' idle)
mon=$(ps -o ppid= -p "$pid" | tr -d ' ')
sleep 1
pss=$(awk '/^Pss:/ {print $2}' "/proc/$mon/smaps_rollup")
rss=$(awk '/^Rss:/ {print $2}' "/proc/$mon/smaps_rollup")
report "idle monitor Pss / Rss" "$pss / $rss kB  (target Pss <= 1024 kB)"
"$TUG" rm -f idle >/dev/null

# ps -a over M stopped containers (created in parallel batches).
seq 1 "$M" | xargs -P 8 -I{} "$TUG" create --net=none --name "c{}" busybox true >/dev/null
count=$("$TUG" ps -aq | wc -l)
ps_ms=$(N=10 time_it "$TUG" ps -a)
report "tug ps -a with $count containers" "$ps_ms ms  (target < 50 ms)"
