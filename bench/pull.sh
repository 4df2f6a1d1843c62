#!/usr/bin/env bash
# Benchmark: pull of a 7-layer, ~300 MB image from a loopback docker-registry with tug,
# with podman, and `skopeo copy` to an OCI dir (the no-unpack floor), each into a cold
# store, in ROUNDS alternating rounds (default 3) of one run. Prints the medians of wall
# and CPU seconds and the tug/podman ratios (target: wall <= 0.5). With
# TUG_BASELINE_BIN (an earlier tree's tug, bench/baseline.sh) it is timed in the same
# rounds and compared too. Needs root, docker-registry, podman, skopeo, jq.
#   TUG_BIN=build/cli/main/tug [ROUNDS=3] bench/pull.sh [layer-MB (default 43)] [small files per layer (default 2000)]
source "$(dirname "$0")/lib.sh"
bench_init pull docker-registry podman skopeo jq curl bc
MB=${1:-43}
SMALL=${2:-2000}
ROUNDS=${ROUNDS:-3}

bench_layout "$base/layout" "$MB" "$SMALL" 0
bench_registry
ref=127.0.0.1:$port/bench:1
skopeo --insecure-policy copy --dest-tls-verify=false "oci:$base/layout:1" "docker://$ref" >/dev/null
echo "image: 7 layers, $(du -sm "$base/layout/blobs" | cut -f1) MB compressed, $SMALL small files per layer"

tools=(tug pm sk)
[ -n "${TUG_BASELINE_BIN:-}" ] && tools=(tug base pm sk)
for ((r = 1; r <= ROUNDS; r++)); do
    for t in "${tools[@]}"; do
        bench_cold
        case $t in
            tug) measure t tg "a$r" pull "$ref" ;;
            base) measure t bg "a$r" pull "$ref" ;;
            pm) measure t pm "a$r" pull --tls-verify=false "$ref" ;;
            sk) measure t skopeo --insecure-policy copy --src-tls-verify=false "docker://$ref" "oci:$base/skopeo-$r:1" ;;
        esac
        sample "${t}_wall" "$t_wall"
        sample "${t}_cpu" "$t_cpu"
    done
    # Each produced the image.
    tg "a$r" images -q | grep -q . || { echo "bench: tug pull produced no image" >&2; exit 1; }
    pm "a$r" images -q | grep -q . || { echo "bench: podman pull produced no image" >&2; exit 1; }
    rm -rf --one-file-system "$base/tug-a$r" "$base/tstate-a$r" "$base/base-a$r" "$base/bstate-a$r" "$base/skopeo-$r"
    pm "a$r" system reset -f >/dev/null 2>&1 || true
done
for k in "${!samples[@]}"; do printf -v "$k" '%s' "$(median "$k")"; done

bench_load_note
echo "medians of $ROUNDS rounds"
printf '%-24s %8s %8s\n' tool wall cpu
printf '%-24s %8.2f %8.2f\n' "tug pull" "$tug_wall" "$tug_cpu"
[ -n "${TUG_BASELINE_BIN:-}" ] && printf '%-24s %8.2f %8.2f\n' "baseline tug pull" "$base_wall" "$base_cpu"
printf '%-24s %8.2f %8.2f\n' "podman pull" "$pm_wall" "$pm_cpu" "skopeo copy (no unpack)" "$sk_wall" "$sk_cpu"
echo "ratio tug/podman: wall $(ratio "$tug_wall" "$pm_wall") (target <= 0.5), cpu $(ratio "$tug_cpu" "$pm_cpu")"
[ -n "${TUG_BASELINE_BIN:-}" ] &&
    echo "ratio tug/baseline: wall $(ratio "$tug_wall" "$base_wall"), cpu $(ratio "$tug_cpu" "$base_cpu")"
exit 0
