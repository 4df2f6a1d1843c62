#!/usr/bin/env bash
# An image of 100 layers (docker allows up to 127) loads and runs: its overlay lowerdir
# list is longer than the page the mount(2) options string is limited to.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq tar gzip

fx=$(fixtures_dir)
work=$E2E_CASE_DIR/layers
mkdir -p "$work"
layers=("$fx/layers/base.tar.gz")
for i in $(seq 1 99); do
    mkdir -p "$work/l$i/layers"
    echo "layer $i" >"$work/l$i/layers/$i"
    tar -C "$work/l$i" -czf "$work/l$i.tar.gz" layers
    layers+=("$work/l$i.tar.gz")
done
name=docker.io/library/tall:1
fixture_image "$E2E_CASE_DIR/oci" "$name" '{"Cmd":["sh"]}' "${layers[@]}"
img_tar "$E2E_CASE_DIR/tall.tar" "$E2E_CASE_DIR/oci"
expect 0 tug load -i "$E2E_CASE_DIR/tall.tar"
assert_eq "Loaded image: tall:1" "$OUT"
expect_out 0 100 tug image inspect -f '{{len .RootFS.Layers}}' tall:1

# Every layer is visible, the bottom one (busybox) and the top one alike.
expect 0 tug run --rm --net=none tall:1 sh -c 'ls /layers | wc -l; cat /layers/1 /layers/99'
assert_eq "99
layer 1
layer 99" "$OUT"
# And a container keeps writing on top of them.
expect 0 tug run -d --net=none --name "$(uniq_name tall)" tall:1 sleep 100
on_cleanup tug rm -f "$OUT"
expect_out 0 ok tug exec "$OUT" sh -c 'echo ok > /layers/new && cat /layers/new'
