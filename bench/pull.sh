#!/usr/bin/env bash
# Benchmark: pull of a 7-layer, ~300 MB image from a loopback docker-registry with tug,
# with podman, and `skopeo copy` to an OCI dir (the no-unpack floor), each into a cold
# store, side by side in one run. Prints wall and CPU seconds and the tug/podman ratios
# (target: wall <= 0.5). Needs root, docker-registry, podman, skopeo, jq.
#   TUG_BIN=build/cli/main/tug bench/pull.sh [layer-MB (default 43)] [small files per layer (default 2000)]
source "$(dirname "$0")/lib.sh"
bench_init pull docker-registry podman skopeo jq curl bc
MB=${1:-43}
SMALL=${2:-2000}

bench_layout "$base/layout" "$MB" "$SMALL" 0
bench_registry
ref=127.0.0.1:$port/bench:1
skopeo --insecure-policy copy --dest-tls-verify=false "oci:$base/layout:1" "docker://$ref" >/dev/null
echo "image: 7 layers, $(du -sm "$base/layout/blobs" | cut -f1) MB compressed, $SMALL small files per layer"

bench_cold
measure tug tg a pull "$ref"
bench_cold
measure pm pm a pull --tls-verify=false "$ref"
bench_cold
measure sk skopeo --insecure-policy copy --src-tls-verify=false "docker://$ref" "oci:$base/skopeo-oci:1"

# Each produced the image.
tg a images -q | grep -q . || { echo "bench: tug pull produced no image" >&2; exit 1; }
pm a images -q | grep -q . || { echo "bench: podman pull produced no image" >&2; exit 1; }

bench_load_note
printf '%-24s %8s %8s\n' tool wall cpu
printf '%-24s %8.2f %8.2f\n' "tug pull" "$tug_wall" "$tug_cpu" "podman pull" "$pm_wall" "$pm_cpu" \
    "skopeo copy (no unpack)" "$sk_wall" "$sk_cpu"
echo "ratio tug/podman: wall $(ratio "$tug_wall" "$pm_wall") (target <= 0.5), cpu $(ratio "$tug_cpu" "$pm_cpu")"
