#!/usr/bin/env bash
# Benchmark: save and load of a 7-layer, ~300 MB image with tug and with podman, side
# by side in one run, each in its own store under /tmp. Prints seconds and tug/podman
# ratios (target: tug <= 0.3x podman for each). Needs root, podman, jq.
#   TUG_BIN=build/cli/main/tug bench/archive.sh [layer-MB (default 43)]
set -euo pipefail
TUG_BIN=${TUG_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/cli/main/tug}
[ -x "$TUG_BIN" ] || { echo "bench: TUG_BIN '$TUG_BIN' is not executable" >&2; exit 2; }
command -v podman >/dev/null && command -v jq >/dev/null || { echo "bench: needs podman and jq" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 2; }
MB=${1:-43}

base=$(mktemp -d /tmp/tug-bench-archive.XXXXXX)
cleanup() {
    podman --root "$base/podman-a" --runroot "$base/run-a" system reset -f >/dev/null 2>&1 || true
    podman --root "$base/podman-b" --runroot "$base/run-b" system reset -f >/dev/null 2>&1 || true
    rm -rf --one-file-system "$base"
}
trap cleanup EXIT
tug_a() { TUG_DATA_ROOT=$base/tug-a TUG_STATE_DIR=$base/tstate-a TUG_CONFIG=/dev/null "$TUG_BIN" "$@"; }
tug_b() { TUG_DATA_ROOT=$base/tug-b TUG_STATE_DIR=$base/tstate-b TUG_CONFIG=/dev/null "$TUG_BIN" "$@"; }
pm_a() { podman --root "$base/podman-a" --runroot "$base/run-a" "$@"; }
pm_b() { podman --root "$base/podman-b" --runroot "$base/run-b" "$@"; }

# The image: 7 layers, each a random (incompressible) part and a base64 (compressible)
# part, gzip'ed; an OCI layout tar'ed up.
lay=$base/layout
mkdir -p "$lay/blobs/sha256" "$base/l"
diffids=() layers='[]'
for i in 1 2 3 4 5 6 7; do
    d=$base/l/$i
    mkdir -p "$d/data$i"
    head -c $((MB * 1024 * 1024 / 2)) /dev/urandom >"$d/data$i/random.bin"
    head -c $((MB * 1024 * 1024 * 3 / 8)) /dev/urandom | base64 >"$d/data$i/text.txt"
    tar -C "$d" --sort=name --mtime=@0 --owner=0 --group=0 -cf "$base/l/$i.tar" "data$i"
    diffids+=("sha256:$(sha256sum "$base/l/$i.tar" | cut -c1-64)")
    gzip -1 -n -c "$base/l/$i.tar" >"$base/l/$i.tar.gz"
    h=$(sha256sum "$base/l/$i.tar.gz" | cut -c1-64)
    mv "$base/l/$i.tar.gz" "$lay/blobs/sha256/$h"
    layers=$(jq -c --arg d "sha256:$h" --argjson s "$(stat -c %s "$lay/blobs/sha256/$h")" \
        '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}]' <<<"$layers")
    rm -rf "$d" "$base/l/$i.tar"
done
jq -cn --args '{architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
    config: {Cmd: ["sh"]}, rootfs: {type: "layers", diff_ids: $ARGS.positional}}' "${diffids[@]}" | tr -d '\n' >"$base/cfg"
ch=$(sha256sum "$base/cfg" | cut -c1-64)
cp "$base/cfg" "$lay/blobs/sha256/$ch"
jq -cn --arg c "sha256:$ch" --argjson cs "$(stat -c %s "$base/cfg")" --argjson l "$layers" '{schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs}, layers: $l}' |
    tr -d '\n' >"$base/man"
mh=$(sha256sum "$base/man" | cut -c1-64)
cp "$base/man" "$lay/blobs/sha256/$mh"
jq -cn --arg m "sha256:$mh" --argjson ms "$(stat -c %s "$base/man")" '{schemaVersion: 2,
    manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m, size: $ms,
    annotations: {"io.containerd.image.name": "docker.io/library/bench:1", "org.opencontainers.image.ref.name": "1"}}]}' \
    >"$lay/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$lay/oci-layout"
tar -C "$lay" -cf "$base/image.tar" oci-layout index.json blobs
echo "image: 7 layers, $(du -m "$base/image.tar" | cut -f1) MB archive"

tug_a load -i "$base/image.tar" >/dev/null
pm_a load -q -i "$base/image.tar" >/dev/null

# measure <var-prefix> <cmd...>: wall and CPU (user+sys) seconds of one run.
measure() {
    local v=$1
    shift
    local out w u s TIMEFORMAT='%R %U %S'
    out=$( { time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
    read -r w u s <<<"$out"
    printf -v "${v}_wall" '%s' "$w"
    printf -v "${v}_cpu" '%s' "$(echo "$u + $s" | bc)"
}
sync
measure tug_save tug_a save -o "$base/tug-saved.tar" bench:1
measure pm_save pm_a save -o "$base/podman-saved.tar" docker.io/library/bench:1
sync
measure tug_load tug_b load -i "$base/tug-saved.tar"
measure pm_load pm_b load -i "$base/podman-saved.tar"
# Both loaded something that works.
tug_b images -q | grep -q . || { echo "bench: tug load produced no image" >&2; exit 1; }
pm_b images -q | grep -q . || { echo "bench: podman load produced no image" >&2; exit 1; }

ratio() { echo "scale=2; $1 / $2" | bc; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall times suffer on a busy machine; CPU times less)"
printf '%-6s %10s %10s %8s %10s %10s %8s\n' op tug-wall pm-wall ratio tug-cpu pm-cpu ratio
for op in save load; do
    tw=tug_${op}_wall pw=pm_${op}_wall tc=tug_${op}_cpu pc=pm_${op}_cpu
    printf '%-6s %10.2f %10.2f %8s %10.2f %10.2f %8s\n' "$op" "${!tw}" "${!pw}" "$(ratio "${!tw}" "${!pw}")" \
        "${!tc}" "${!pc}" "$(ratio "${!tc}" "${!pc}")"
done
