#!/usr/bin/env bash
# Side-by-side start-up cost and footprint, in one run:
#   - `tug run --rm --net=none busybox true`, `runc run` of a prepared bundle with the
#     spec tug writes, and `podman run --rm --network=none` (own store, this host's
#     rlimits), with tug's ratios (targets: <= 1.3x runc, <= 0.3x podman);
#   - `tug ps -a` with 1,000 containers (target: at most 25 ms);
# Timings are medians of single iterations, run in interleaved rounds.
#   - the memory of an idle monitor, alone and as one of ten (target: Pss at most 1 MiB).
# With TUG_BASELINE_BIN (tug built from an earlier tree, see bench/baseline.sh) the run
# and ps timings also time it, in the same rounds on its own store, and print both.
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
    rm -rf "/run/tug-bench-base-$$"
    podman "${podman_args[@]}" system reset -f >/dev/null 2>&1
    findmnt -rn -o TARGET | grep -E "^($work|$TUG_STATE_DIR)" | sort -r | xargs -r umount -l
    rm -rf "$work" "$TUG_STATE_DIR" "/run/tug-bench-podman-$$" "/run/tug-bench-podman-tmp-$$"
}
trap cleanup EXIT

# The busybox fixture image, loaded offline.
fx=$(TUG_E2E_WORK=${TUG_E2E_WORK:-/tmp/tug-e2e-work} bash -c "source '$here/test/e2e/lib/fixtures.sh'; fixtures_dir")
"$TUG" load -i "$fx/busybox-docker.tar" >/dev/null

# A runc bundle of the same rootfs, with the spec tug writes for `busybox true` (docker's
# default seccomp profile, capabilities, masked paths...): runc pays for all of that too.
# runc's own default spec is timed as well, for reference.
cid=$("$TUG" create --net=none busybox true)
"$TUG" start "$cid" >/dev/null
"$TUG" wait "$cid" >/dev/null
mkdir -p "$work/bundle/rootfs" "$work/plain/rootfs"
cp -a "$TUG_DATA_ROOT"/snapshots/*/fs/. "$work/bundle/rootfs/" 2>/dev/null || true
cp -a "$TUG_DATA_ROOT"/containers/"$cid"/{hostname,hosts,resolv.conf} "$work/bundle/"
jq --arg b "$work/bundle" '.root = {path: "rootfs", readonly: false}
    | .linux.cgroupsPath = "tug-bench/runc"
    | .mounts |= map(if (.source | startswith("'"$TUG_DATA_ROOT"'/containers/"))
                     then .source = ($b + "/" + (.source | split("/") | last)) else . end)' \
    "$TUG_STATE_DIR/containers/$cid/config.json" >"$work/bundle/config.json"
cp -a "$work/bundle/rootfs/." "$work/plain/rootfs/"
runc spec --bundle "$work/plain"
sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' "$work/plain/config.json"
"$TUG" rm -f "$cid" >/dev/null

# The start-up timings run in rounds, each command a block of iterations per round, so
# that the machine's drift (other load, CPU frequency) falls on every tool alike. Each
# iteration is timed on its own (bash's clock, no process started around it) and the
# median is reported.
ROUNDS=4
declare -A samples_us=()
time_rounds() {  # time_rounds NAME CMD... : adds one block of N/ROUNDS iterations to NAME
    local name=$1 start i
    shift
    for ((i = 0; i < N / ROUNDS; i++)); do
        start=${EPOCHREALTIME/./}
        "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }
        samples_us[$name]+="$((${EPOCHREALTIME/./} - start)) "
    done
}
per_run_ms() {  # the median of NAME's iterations, in ms
    tr ' ' '\n' <<<"${samples_us[$1]}" | awk 'NF' | sort -n |
        awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}
report() { printf '%-48s %8s\n' "$1" "$2"; }
ratio() { awk -v a="$2" -v b="$3" -v l="$1" -v t="$4" 'BEGIN { if (b > 0) printf "%-48s %8.2f  %s\n", l, a / b, t }'; }

tug_run=("$TUG" run --rm --net=none busybox true)
BASE=${TUG_BASELINE_BIN:-}
# The baseline on a store of its own (an older tug may not read a newer store), without
# a wrapper process in the timed path.
base_tug() { TUG_DATA_ROOT="$work/base-root" TUG_STATE_DIR="/run/tug-bench-base-$$" "$BASE" "$@"; }
base_run=()
if [ -n "$BASE" ]; then
    base_tug load -i "$fx/busybox-docker.tar" >/dev/null
    base_run=(base_tug run --rm --net=none busybox true)
    "${base_run[@]}" >/dev/null 2>&1 || { echo "FAILED: ${base_run[*]}" >&2; exit 1; }
fi
runc_run=(runc --root "$work/runc" run --bundle "$work/bundle" bench)
plain_run=(runc --root "$work/runc" run --bundle "$work/plain" bench)
podman_run=()
if command -v podman >/dev/null; then
    podman "${podman_args[@]}" load -i "$fx/busybox-docker.tar" >/dev/null 2>&1 || true
    # podman's default rlimits exceed what a process without CAP_SYS_RESOURCE may set.
    podman_run=(podman "${podman_args[@]}" run --rm --network=none
                --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096 busybox true)
    "${podman_run[@]}" >/dev/null 2>&1 || podman_run=()
fi
for cmd in tug_run runc_run plain_run; do  # one untimed warm-up each
    declare -n c=$cmd
    "${c[@]}" >/dev/null 2>&1 || { echo "FAILED: ${c[*]}" >&2; exit 1; }
done
for ((r = 0; r < ROUNDS; r++)); do
    time_rounds tug "${tug_run[@]}"
    [ -n "$BASE" ] && time_rounds base "${base_run[@]}"
    time_rounds runc "${runc_run[@]}"
    time_rounds plain "${plain_run[@]}"
    [ ${#podman_run[@]} -gt 0 ] && time_rounds podman "${podman_run[@]}"
done
tug_ms=$(per_run_ms tug) runc_ms=$(per_run_ms runc) plain_ms=$(per_run_ms plain)
podman_ms=
[ ${#podman_run[@]} -gt 0 ] && podman_ms=$(per_run_ms podman)
report "tug run --rm --net=none busybox true" "$tug_ms ms"
if [ -n "$BASE" ]; then
    base_ms=$(per_run_ms base)
    report "baseline tug run --rm --net=none busybox true" "$base_ms ms"
    ratio "tug/baseline" "$tug_ms" "$base_ms" ""
fi
report "runc run (bundle with tug's spec)" "$runc_ms ms"
report "runc run (runc's default spec, no seccomp)" "$plain_ms ms"
[ -n "$podman_ms" ] && report "podman run --rm --network=none busybox true" "$podman_ms ms"
ratio "tug/runc" "$tug_ms" "$runc_ms" "(target <= 1.3)"
[ -n "$podman_ms" ] && ratio "tug/podman" "$tug_ms" "$podman_ms" "(target <= 0.3)"

# Idle monitors (each the parent of its container's process). Pss shares each page among
# the processes that map it, so it is reported for one monitor alone and per monitor with
# ten running; Private_Dirty is what every further container costs for certain.
monitor_of() { ps -o ppid= -p "$("$TUG" inspect -f '{{.State.Pid}}' "$1")" | tr -d ' '; }
field() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$2/smaps_rollup"; }
"$TUG" run -d --name idle0 --net=none busybox sleep 600 >/dev/null
sleep 1
mon=$(monitor_of idle0)
report "idle monitor, alone: Pss / Private_Dirty / Rss" "$(field Pss "$mon") / $(field Private_Dirty "$mon") / $(field Rss "$mon") kB"
for i in $(seq 1 9); do "$TUG" run -d --name "idle$i" --net=none busybox sleep 600 >/dev/null; done
sleep 1
pss=0 dirty=0
for i in $(seq 0 9); do
    mon=$(monitor_of "idle$i")
    pss=$((pss + $(field Pss "$mon"))) dirty=$((dirty + $(field Private_Dirty "$mon")))
done
report "idle monitor, one of 10: Pss / Private_Dirty" "$((pss / 10)) / $((dirty / 10)) kB  (target Pss <= 1024 kB)"
"$TUG" rm -f idle0 idle1 idle2 idle3 idle4 idle5 idle6 idle7 idle8 idle9 >/dev/null

# ps -a over M stopped containers (created in parallel batches), in alternating rounds
# with the baseline's over its own M.
seq 1 "$M" | xargs -P 8 -I{} "$TUG" create --net=none --name "c{}" busybox true >/dev/null
count=$("$TUG" ps -aq | wc -l)
[ -n "$BASE" ] && seq 1 "$M" | TUG_DATA_ROOT="$work/base-root" TUG_STATE_DIR="/run/tug-bench-base-$$" \
    xargs -P 8 -I{} "$BASE" create --net=none --name "c{}" busybox true >/dev/null
N=20
for ((r = 0; r < ROUNDS; r++)); do
    time_rounds ps "$TUG" ps -a
    [ -n "$BASE" ] && time_rounds base_ps base_tug ps -a
done
report "tug ps -a with $count containers" "$(per_run_ms ps) ms  (target <= 25 ms)"
if [ -n "$BASE" ]; then
    report "baseline tug ps -a with $count containers" "$(per_run_ms base_ps) ms"
    base_tug ps -aq | while read -r c; do base_tug rm -f "$c"; done >/dev/null 2>&1
fi
