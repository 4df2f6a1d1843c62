#!/usr/bin/env bash
# Benchmark: pull of a 7-layer, ~300 MB image from a loopback docker-registry with tug,
# with podman, and `skopeo copy` to an OCI dir (the no-unpack floor), each into a cold
# store, side by side in one run. Prints seconds and the tug/podman ratio (target <= 0.5).
# Needs root, docker-registry, podman, skopeo, jq.
#   TUG_BIN=build/cli/main/tug bench/pull.sh [layer-MB (default 43)] [small files per layer (default 2000)]
set -euo pipefail
TUG_BIN=${TUG_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/cli/main/tug}
[ -x "$TUG_BIN" ] || { echo "bench: TUG_BIN '$TUG_BIN' is not executable" >&2; exit 2; }
for c in docker-registry podman skopeo jq curl bc; do
    command -v "$c" >/dev/null || { echo "bench: needs $c" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 2; }
MB=${1:-43}
SMALL=${2:-2000}

base=$(mktemp -d /tmp/tug-bench-pull.XXXXXX)
reg_pid=
cleanup() {
    [ -n "$reg_pid" ] && kill "$reg_pid" 2>/dev/null || true
    podman --root "$base/podman" --runroot "$base/podman-run" system reset -f >/dev/null 2>&1 || true
    rm -rf --one-file-system "$base"
}
trap cleanup EXIT

# The image: 7 layers, each a random (incompressible) file and SMALL small text files.
lay=$base/layout
mkdir -p "$lay/blobs/sha256" "$base/l"
diffids=() layers='[]'
for i in 1 2 3 4 5 6 7; do
    d=$base/l/$i
    mkdir -p "$d/layer$i/small"
    head -c $((MB * 1024 * 1024)) /dev/urandom >"$d/layer$i/random.bin"
    for ((f = 0; f < SMALL; f++)); do echo "layer $i file $f" >"$d/layer$i/small/f$f.txt"; done
    tar -C "$d" --sort=name --mtime=@0 --owner=0 --group=0 -cf "$base/l/$i.tar" "layer$i"
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
    annotations: {"org.opencontainers.image.ref.name": "1"}}]}' >"$lay/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$lay/oci-layout"

# A loopback registry on a free port.
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
    reg_pid=$!
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break 2; sleep 0.1; done
    kill "$reg_pid" 2>/dev/null || true
    reg_pid=
done
[ -n "$reg_pid" ] || { echo "bench: docker-registry did not start" >&2; exit 1; }
ref=127.0.0.1:$port/bench:1
skopeo --insecure-policy copy --dest-tls-verify=false "oci:$lay:1" "docker://$ref" >/dev/null
echo "image: 7 layers, $(du -sm "$lay/blobs" | cut -f1) MB compressed, $SMALL small files per layer"

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
t_tug=$(secs env TUG_DATA_ROOT="$base/tug" TUG_STATE_DIR="$base/tug-state" TUG_CONFIG=/dev/null "$TUG_BIN" pull "$ref")
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
t_podman=$(secs podman --root "$base/podman" --runroot "$base/podman-run" pull --tls-verify=false "$ref")
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
t_skopeo=$(secs skopeo --insecure-policy copy --src-tls-verify=false "docker://$ref" "oci:$base/skopeo-oci:1")

# Each produced the image.
TUG_DATA_ROOT=$base/tug TUG_STATE_DIR=$base/tug-state TUG_CONFIG=/dev/null "$TUG_BIN" images -q | grep -q . ||
    { echo "bench: tug pull produced no image" >&2; exit 1; }
podman --root "$base/podman" --runroot "$base/podman-run" images -q | grep -q . ||
    { echo "bench: podman pull produced no image" >&2; exit 1; }

printf '%-22s %8s\n' tool seconds
printf '%-22s %8.2f\n' "tug pull" "$t_tug" "podman pull" "$t_podman" "skopeo copy (no unpack)" "$t_skopeo"
printf 'ratio tug/podman: %s (target <= 0.5)\n' "$(echo "scale=2; $t_tug / $t_podman" | bc)"
