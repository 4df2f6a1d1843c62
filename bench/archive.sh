#!/usr/bin/env bash
# Benchmark: save and load of a 7-layer, ~300 MB image with tug and with podman, side
# by side in one run, each in its own store under /tmp. Prints seconds and tug/podman
# ratios of the medians of ROUNDS rounds (default 3; target: tug <= 0.3x podman for each).
# With TUG_BASELINE_BIN (an earlier tree's tug, bench/baseline.sh) it runs in the same
# rounds, on the archive the tug under test saved, and is compared too.
# Needs root, podman, jq.
#   TUG_BIN=build/cli/main/tug [ROUNDS=3] bench/archive.sh [layer-MB (default 43)] [small files per layer (default 0)]
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

# Rounds, tug and podman alternating, each load into a fresh store; the medians are
# reported, so that one slow moment of the machine does not decide a ratio.
ROUNDS=${ROUNDS:-3}
BASE=${TUG_BASELINE_BIN:-}
[ -n "$BASE" ] && bg a load -i "$base/image.tar" >/dev/null
for ((r = 1; r <= ROUNDS; r++)); do
    bench_cold
    measure t tg a save -o "$base/tug-saved.tar" bench:1
    sample tug_save_wall "$t_wall"; sample tug_save_cpu "$t_cpu"
    bench_cold
    measure t pm a save -o "$base/podman-saved.tar" docker.io/library/bench:1
    sample pm_save_wall "$t_wall"; sample pm_save_cpu "$t_cpu"
    if [ -n "$BASE" ]; then
        bench_cold
        measure t bg a save -o "$base/base-saved.tar" bench:1
        sample base_save_wall "$t_wall"; sample base_save_cpu "$t_cpu"
        rm -f "$base/base-saved.tar"
    fi
    bench_cold
    measure t tg "b$r" load -i "$base/tug-saved.tar"
    sample tug_load_wall "$t_wall"; sample tug_load_cpu "$t_cpu"
    if [ -n "$BASE" ]; then
        bench_cold
        measure t bg "b$r" load -i "$base/tug-saved.tar"
        sample base_load_wall "$t_wall"; sample base_load_cpu "$t_cpu"
        rm -rf --one-file-system "$base/base-b$r" "$base/bstate-b$r"
    fi
    bench_cold
    measure t pm "b$r" load -i "$base/podman-saved.tar"
    sample pm_load_wall "$t_wall"; sample pm_load_cpu "$t_cpu"
    # Both loaded something that works.
    tg "b$r" images -q | grep -q . || { echo "bench: tug load produced no image" >&2; exit 1; }
    pm "b$r" images -q | grep -q . || { echo "bench: podman load produced no image" >&2; exit 1; }
    rm -f "$base/tug-saved.tar" "$base/podman-saved.tar"
    rm -rf --one-file-system "$base/tug-b$r" "$base/tstate-b$r"
    pm "b$r" system reset -f >/dev/null 2>&1 || true
done
for k in "${!samples[@]}"; do printf -v "$k" '%s' "$(median "$k")"; done

bench_load_note
echo "medians of $ROUNDS rounds"
printf '%-6s %10s %10s %8s %10s %10s %8s\n' op tug-wall pm-wall ratio tug-cpu pm-cpu ratio
for op in save load; do
    tw=tug_${op}_wall pw=pm_${op}_wall tc=tug_${op}_cpu pc=pm_${op}_cpu
    printf '%-6s %10.2f %10.2f %8s %10.2f %10.2f %8s\n' "$op" "${!tw}" "${!pw}" "$(ratio "${!tw}" "${!pw}")" \
        "${!tc}" "${!pc}" "$(ratio "${!tc}" "${!pc}")"
done
if [ -n "$BASE" ]; then
    printf '%-6s %10s %10s %8s %10s %10s %8s\n' op tug-wall base-wall ratio tug-cpu base-cpu ratio
    for op in save load; do
        tw=tug_${op}_wall bw=base_${op}_wall tc=tug_${op}_cpu bc=base_${op}_cpu
        printf '%-6s %10.2f %10.2f %8s %10.2f %10.2f %8s\n' "$op" "${!tw}" "${!bw}" "$(ratio "${!tw}" "${!bw}")" \
            "${!tc}" "${!bc}" "$(ratio "${!tc}" "${!bc}")"
    done
fi
