# Shared by bench/pull.sh and bench/archive.sh: requirements, a scratch directory that
# is removed on exit, tug and podman each with a private store, a generated 7-layer OCI
# layout, timing, and a loopback docker-registry. Source it; it sets `set -euo pipefail`.
set -euo pipefail
TUG_BIN=${TUG_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/cli/main/tug}

# bench_init <name> <command...>: checks root, TUG_BIN and the commands, makes $base.
bench_init() {
    local name=$1 c
    shift
    [ -x "$TUG_BIN" ] || { echo "bench: TUG_BIN '$TUG_BIN' is not executable" >&2; exit 2; }
    if [ -n "${TUG_BASELINE_BIN:-}" ] && [ ! -x "$TUG_BASELINE_BIN" ]; then
        echo "bench: TUG_BASELINE_BIN '$TUG_BASELINE_BIN' is not executable" >&2
        exit 2
    fi
    for c in "$@"; do command -v "$c" >/dev/null || { echo "bench: needs $c" >&2; exit 2; }; done
    [ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 2; }
    base=$(mktemp -d "/tmp/tug-bench-$name.XXXXXX")
    bench_pids=() bench_podman_stores=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local p s
    for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for s in "${bench_podman_stores[@]}"; do pm "$s" system reset -f >/dev/null 2>&1 || true; done
    rm -rf --one-file-system "$base"
}

# tg <store> <args...>: tug on a private data root. pm <store> <args...>: podman on a
# private root, runroot and tmpdir (its default tmpdir /run/libpod is shared with every
# other podman on the machine, and a concurrent `system reset` there breaks a run).
tg() {
    local s=$1
    shift
    TUG_DATA_ROOT=$base/tug-$s TUG_STATE_DIR=$base/tstate-$s TUG_CONFIG=/dev/null "$TUG_BIN" "$@"
}
# bg <store> <args...>: the baseline tug (TUG_BASELINE_BIN) on a private data root.
bg() {
    local s=$1
    shift
    TUG_DATA_ROOT=$base/base-$s TUG_STATE_DIR=$base/bstate-$s TUG_CONFIG=/dev/null "$TUG_BASELINE_BIN" "$@"
}
pm() {
    local s=$1
    shift
    [[ " ${bench_podman_stores[*]} " == *" $s "* ]] || bench_podman_stores+=("$s")
    podman --root "$base/pm-$s" --runroot "$base/pmrun-$s" --tmpdir "$base/pmtmp-$s" "$@"
}

# bench_layout <dir> <MB per layer> <small files per layer> <text part> [image name]:
# writes an OCI layout of one linux/amd64 image with 7 gzip'ed layers. Each layer holds
# a random file (incompressible) of MB, or of MB/2 plus 3/8 MB of base64 text when
# text part is 1, and N small text files. The layer trees are built in /dev/shm when it
# is there, so that deleting them does not leave thousands of freshly freed inodes on
# the file system the tools are then timed on.
bench_layout() {
    local lay=$1 mb=$2 small=$3 text=$4 name=${5:-} i f d h scratch layers='[]' diffids=()
    scratch=$(mktemp -d "$( [ -w /dev/shm ] && echo /dev/shm || echo "$base")/tug-bench-layer.XXXXXX")
    mkdir -p "$lay/blobs/sha256"
    for i in 1 2 3 4 5 6 7; do
        d=$scratch/$i
        mkdir -p "$d/layer$i/small"
        if [ "$text" = 1 ]; then
            head -c $((mb * 1024 * 1024 / 2)) /dev/urandom >"$d/layer$i/random.bin"
            head -c $((mb * 1024 * 1024 * 3 / 8)) /dev/urandom | base64 >"$d/layer$i/text.txt"
        else
            head -c $((mb * 1024 * 1024)) /dev/urandom >"$d/layer$i/random.bin"
        fi
        for ((f = 0; f < small; f++)); do echo "layer $i file $f" >"$d/layer$i/small/f$f.txt"; done
        tar -C "$d" --sort=name --mtime=@0 --owner=0 --group=0 -cf "$scratch/$i.tar" "layer$i"
        rm -rf "$d"
        diffids+=("sha256:$(sha256sum "$scratch/$i.tar" | cut -c1-64)")
        gzip -1 -n -c "$scratch/$i.tar" >"$lay/blobs/sha256/tmp"
        rm -f "$scratch/$i.tar"
        h=$(sha256sum "$lay/blobs/sha256/tmp" | cut -c1-64)
        mv "$lay/blobs/sha256/tmp" "$lay/blobs/sha256/$h"
        layers=$(jq -c --arg d "sha256:$h" --argjson s "$(stat -c %s "$lay/blobs/sha256/$h")" \
            '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}]' <<<"$layers")
    done
    rm -rf "$scratch"
    jq -cn --args '{architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
        config: {Cmd: ["sh"]}, rootfs: {type: "layers", diff_ids: $ARGS.positional}}' "${diffids[@]}" |
        tr -d '\n' >"$lay/cfg"
    h=$(sha256sum "$lay/cfg" | cut -c1-64)
    local cs
    cs=$(stat -c %s "$lay/cfg")
    mv "$lay/cfg" "$lay/blobs/sha256/$h"
    jq -cn --arg c "sha256:$h" --argjson cs "$cs" --argjson l "$layers" '{schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs}, layers: $l}' |
        tr -d '\n' >"$lay/man"
    h=$(sha256sum "$lay/man" | cut -c1-64)
    cs=$(stat -c %s "$lay/man")
    mv "$lay/man" "$lay/blobs/sha256/$h"
    jq -cn --arg m "sha256:$h" --argjson ms "$cs" --arg n "$name" '{schemaVersion: 2,
        manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $ms,
        annotations: ({"org.opencontainers.image.ref.name": "1"} +
            (if $n == "" then {} else {"io.containerd.image.name": $n} end))}]}' >"$lay/index.json"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$lay/oci-layout"
}

# bench_registry: a docker-registry on a free loopback port; sets $port.
bench_registry() {
    local attempt
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        mkdir -p "$base/registry"
        cat >"$base/registry/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $base/registry/storage
http:
  addr: 127.0.0.1:$port
YAML
        env -u REGISTRY_AUTH_FILE docker-registry serve "$base/registry/config.yml" >"$base/registry/log" 2>&1 &
        bench_pids+=($!)
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && return 0; sleep 0.1; done
        kill "${bench_pids[-1]}" 2>/dev/null || true
    done
    echo "bench: docker-registry did not start" >&2
    exit 1
}

# bench_cold: written data on disk, page cache dropped, before each timed run.
bench_cold() {
    sync
    echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
}

# measure <var-prefix> <cmd...>: sets <prefix>_wall and <prefix>_cpu (user+sys) seconds
# of one run; a failing command fails the bench.
measure() {
    local v=$1 out w u s TIMEFORMAT='%R %U %S'
    shift
    out=$( { time "$@" >/dev/null 2>"$base/measure.err"; } 2>&1 | tail -1) ||
        { echo "bench: $* failed:" >&2; cat "$base/measure.err" >&2; exit 1; }
    read -r w u s <<<"$out"
    printf -v "${v}_wall" '%s' "$w"
    printf -v "${v}_cpu" '%s' "$(echo "$u + $s" | bc)"
}

ratio() { echo "scale=2; $1 / $2" | bc; }

# Samples over rounds: sample <key> <seconds>; median <key>.
declare -A samples=()
sample() { samples[$1]+=" $2"; }
median() { printf '%s\n' ${samples[$1]} | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

bench_load_note() {
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall times suffer on a busy machine; CPU times less)"
}
