#!/usr/bin/env bash
# Benchmark: save and load of a 7-layer, ~300 MB image with tug and with podman, side
# by side in one run, each in its own store under /tmp. Prints seconds and tug/podman
# ratios (target: tug <= 0.3x podman for each). Needs root, podman, jq.
#   TUG_BIN=build/cli/main/tug bench/archive.sh [layer-MB (default 43)] [small files per layer (default 0)]
source "$(dirname "$0")/lib.sh"
bench_init archive podman jq bc
MB=${1:-43}
SMALL=${2:-0}

# Layers of random (incompressible) and base64 (compressible) data, gzip'ed; the
# OCI layout tar'ed up.
bench_layout "$base/layout" "$MB" "$SMALL" 1 docker.io/library/bench:1
tar -C "$base/layout" -cf "$base/image.tar" oci-layout index.json blobs
echo "image: 7 layers, $(du -m "$base/image.tar" | cut -f1) MB archive, $SMALL small files per layer"

tg a load -i "$base/image.tar" >/dev/null
pm a load -q -i "$base/image.tar" >/dev/null

bench_cold
measure tug_save tg a save -o "$base/tug-saved.tar" bench:1
measure pm_save pm a save -o "$base/podman-saved.tar" docker.io/library/bench:1
bench_cold
measure tug_load tg b load -i "$base/tug-saved.tar"
bench_cold
measure pm_load pm b load -i "$base/podman-saved.tar"
# Both loaded something that works.
tg b images -q | grep -q . || { echo "bench: tug load produced no image" >&2; exit 1; }
pm b images -q | grep -q . || { echo "bench: podman load produced no image" >&2; exit 1; }

bench_load_note
printf '%-6s %10s %10s %8s %10s %10s %8s\n' op tug-wall pm-wall ratio tug-cpu pm-cpu ratio
for op in save load; do
    tw=tug_${op}_wall pw=pm_${op}_wall tc=tug_${op}_cpu pc=pm_${op}_cpu
    printf '%-6s %10.2f %10.2f %8s %10.2f %10.2f %8s\n' "$op" "${!tw}" "${!pw}" "$(ratio "${!tw}" "${!pw}")" \
        "${!tc}" "${!pc}" "$(ratio "${!tc}" "${!pc}")"
done
