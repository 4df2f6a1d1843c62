#!/usr/bin/env bash
# The memory of monitors in steady use: K containers with a health check every second
# (each check is a `runc exec` the monitor starts, reaps and records), and a container
# that writes a line every 100 ms to its log. After a warm-up, each monitor's Pss is read
# from /proc/PID/smaps_rollup SAMPLES times, INTERVAL seconds apart (1.7 s by default: not
# a multiple of the check interval, so the samples fall on every phase of it); the
# median per monitor (not its best moment) and the median and worst of those are
# printed, with Rss and Private_Dirty. Target: Pss at most 1 MiB (1024 kB).
# Usage: bench/monitor.sh [TUG_BIN] [K] [SAMPLES] [INTERVAL]. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
TUG=${1:-${TUG_BIN:-$here/build/cli/main/tug}}
K=${2:-5}
SAMPLES=${3:-15}
INTERVAL=${4:-1.7}
WARMUP=${WARMUP:-10}
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 2; }
[ -x "$TUG" ] || { echo "bench: TUG_BIN '$TUG' is not executable" >&2; exit 2; }
work=$(mktemp -d /tmp/tug-bench-monitor.XXXX)
export TUG_DATA_ROOT=$work/root TUG_STATE_DIR=/run/tug-bench-mon-$$ TUG_CONFIG=$work/tug.toml
: >"$TUG_CONFIG"
cleanup() {
    set +e
    "$TUG" ps -aq 2>/dev/null | xargs -r "$TUG" rm -f >/dev/null 2>&1
    findmnt -rn -o TARGET | grep -E "^($work|$TUG_STATE_DIR)" | sort -r | xargs -r umount -l
    rm -rf "$work" "$TUG_STATE_DIR"
}
trap cleanup EXIT

fx=$(TUG_E2E_WORK=${TUG_E2E_WORK:-/tmp/tug-e2e-work} bash -c "source '$here/test/e2e/lib/fixtures.sh'; fixtures_dir")
"$TUG" load -i "$fx/busybox-docker.tar" >/dev/null

names=()
for ((i = 0; i < K; i++)); do
    "$TUG" run -d --net=none --name "health$i" --health-cmd true --health-interval 1s busybox sleep 100000 >/dev/null
    names+=("health$i")
done
"$TUG" run -d --net=none --name chatty --health-cmd true --health-interval 1s busybox \
    sh -c 'while :; do echo "a line for the log"; usleep 100000; done' >/dev/null
names+=(chatty)

monitor_of() { ps -o ppid= -p "$("$TUG" inspect -f '{{.State.Pid}}' "$1")" | tr -d ' '; }
field() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$2/smaps_rollup"; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

declare -A mon=()
for n in "${names[@]}"; do mon[$n]=$(monitor_of "$n"); done
sleep "$WARMUP"
declare -A pss=() rss=() dirty=()
for ((t = 0; t < SAMPLES; t++)); do
    for n in "${names[@]}"; do
        m=${mon[$n]}
        pss[$n]+="$(field Pss "$m") " rss[$n]+="$(field Rss "$m") " dirty[$n]+="$(field Private_Dirty "$m") "
    done
    sleep "$INTERVAL"
done
health=$("$TUG" inspect -f "{{.State.Health.Status}} {{len .State.Health.Log}}" "${names[0]}")

printf '%-12s %8s %8s %8s %8s   (kB, medians of %d samples %s s apart)\n' container pid Pss Rss Dirty \
    "$SAMPLES" "$INTERVAL"
all=()
for n in "${names[@]}"; do
    p=$(tr ' ' '\n' <<<"${pss[$n]}" | grep . | median)
    r=$(tr ' ' '\n' <<<"${rss[$n]}" | grep . | median)
    d=$(tr ' ' '\n' <<<"${dirty[$n]}" | grep . | median)
    printf '%-12s %8s %8s %8s %8s\n' "$n" "${mon[$n]}" "$p" "$r" "$d"
    all+=("$p")
done
printf 'monitor Pss: median %s kB, worst %s kB (target <= 1024 kB); %s: health %s\n' \
    "$(printf '%s\n' "${all[@]}" | median)" "$(printf '%s\n' "${all[@]}" | sort -n | tail -1)" "${names[0]}" "$health"
