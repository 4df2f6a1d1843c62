#!/usr/bin/env bash
# Side by side in one run, N runs each: `run --rm busybox true` on each tool's default
# bridge network: tug (tug0, CNI plugins), podman (netavark) and docker when a daemon can
# be started here (by hand, state under /tmp, its iptables management off so that the
# host's firewall is left as it was). Also tug's network path alone (__net-attach and
# __net-detach: netns + CNI ADD/DEL). Prints ms per run and ratios; target: tug at most
# 0.5x podman.
# Usage: bench/run-net.sh [N]   (root; TUG_BIN=path/to/tug, default build/cli/main/tug)
set -euo pipefail
N=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
TUG_BIN=${TUG_BIN:-$here/build/cli/main/tug}
work=$(mktemp -d /tmp/tug-bench-net.XXXX)
export TUG_DATA_ROOT=$work/root TUG_STATE_DIR=/run/tug-bench-$$ TUG_CONFIG=$work/tug.toml
: >"$TUG_CONFIG"
podman_args=(--root "$work/podman" --runroot "/run/tug-bench-podman-$$" --tmpdir "/run/tug-bench-podman-tmp-$$"
    --network-backend netavark)
docker_sock=/tmp/tug-bench-docker-$$.sock
dockerd_pid=
cleanup() {
    set +e
    [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null
    podman "${podman_args[@]}" system reset -f >/dev/null 2>&1
    findmnt -rn -o TARGET | grep -F -e "$TUG_STATE_DIR" -e "$work" | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$work" "$TUG_STATE_DIR" "/run/tug-bench-podman-$$" "/run/tug-bench-podman-tmp-$$" "$docker_sock"
}
trap cleanup EXIT

# Milliseconds per run of "$@", N times (one untimed warm-up run first).
ms_per_run() {
    "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }
    local start end
    start=$(date +%s%N)
    for _ in $(seq 1 "$N"); do "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }; done
    end=$(date +%s%N)
    echo $(((end - start) / N / 1000000))
}
report() { printf '%-52s %6s ms/run\n' "$1" "$2"; }
ratio() { awk -v a="$2" -v b="$3" -v l="$1" -v t="$4" 'BEGIN { if (b > 0) printf "%-52s %6.2f%s\n", l, a / b, t }'; }

fx=$(TUG_E2E_WORK=${TUG_E2E_WORK:-/tmp/tug-e2e-work} bash -c "source '$here/test/e2e/lib/fixtures.sh'; fixtures_dir")
fx_tar=$fx/busybox-docker.tar
"$TUG_BIN" load -i "$fx_tar" >/dev/null

attach_ms=$(ms_per_run bash -c 'i=b$RANDOM$RANDOM; "$0" __net-attach "$i" && "$0" __net-detach "$i"' "$TUG_BIN")
report "tug __net-attach + __net-detach (bridge)" "$attach_ms"
tug_ms=$(ms_per_run "$TUG_BIN" run --rm busybox true)
report "tug run --rm busybox true" "$tug_ms"

podman_ms=
if command -v podman >/dev/null; then
    podman "${podman_args[@]}" load -i "$fx_tar" >/dev/null 2>&1
    # podman's default rlimits exceed what a process without CAP_SYS_RESOURCE may set:
    # ask for this host's hard limits instead.
    limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
    if podman_ms=$(ms_per_run podman "${podman_args[@]}" run --rm "${limits[@]}" busybox true); then
        report "podman run --rm busybox true (netavark)" "$podman_ms"
    else
        podman_ms=
    fi
fi

docker_ms=
if command -v dockerd >/dev/null && command -v docker >/dev/null; then
    dockerd --data-root "$work/docker" --exec-root "/tmp/tug-bench-dx-$$" --pidfile "$work/dockerd.pid" \
        -H "unix://$docker_sock" --iptables=false --ip6tables=false >"$work/dockerd.log" 2>&1 &
    dockerd_pid=$!
    for _ in $(seq 1 100); do docker -H "unix://$docker_sock" info >/dev/null 2>&1 && break; sleep 0.2; done
    if docker -H "unix://$docker_sock" load -i "$fx_tar" >/dev/null 2>&1 &&
        docker_ms=$(ms_per_run docker -H "unix://$docker_sock" run --rm busybox true); then
        report "docker run --rm busybox true" "$docker_ms"
    else
        docker_ms=
        echo "docker: no working daemon here (see the end of its log):"
        tail -3 "$work/dockerd.log" | sed 's/^/  /'
    fi
fi

[ -n "$podman_ms" ] && ratio "tug/podman" "$tug_ms" "$podman_ms" " (target <= 0.5)"
[ -n "$docker_ms" ] && ratio "tug/docker" "$tug_ms" "$docker_ms" ""
exit 0
