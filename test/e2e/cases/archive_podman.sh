#!/usr/bin/env bash
# Archive round trips with podman, digests preserved: tug save -> podman load, and
# podman save (docker-archive and oci-archive) -> tug load.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd podman jq zstd xz

fx=$(fixtures_dir)
# podman refuses a runroot longer than 50 characters: keep it under the short state dir.
proot=$E2E_STATE_DIR/pm
mkdir -p "$proot/root" "$proot/run"
pm() { podman --root "$proot/root" --runroot "$proot/run" --storage-driver vfs "$@"; }
on_cleanup rm -rf "$proot"

expect 0 tug load -i "$fx/busybox-oci.tar"
assert_contains "$OUT" "Loaded image: busybox:latest"
expect 0 tug image inspect -f '{{.Id}}' busybox
id=$OUT
manifest_digest=$(jq -r '.manifests[0].digest' "$fx/busybox-oci/index.json")
config_digest=$(jq -r '.config.digest' "$fx/busybox-oci/blobs/sha256/${manifest_digest#sha256:}")
assert_eq "$config_digest" "$id" "image id after loading the fixture"

for format in "" docker-archive oci-archive; do
    out=$E2E_CASE_DIR/tug-save${format:+-$format}.tar
    expect 0 tug save ${format:+--format $format} -o "$out" busybox:latest
    run tar -tf "$out"
    case $format in
    docker-archive) assert_contains "$OUT" "manifest.json"; assert_not_contains "$OUT" "index.json" ;;
    oci-archive) assert_contains "$OUT" "index.json"; assert_not_contains "$OUT" "manifest.json" ;;
    *) assert_contains "$OUT" "manifest.json"; assert_contains "$OUT" "index.json"; assert_contains "$OUT" "oci-layout" ;;
    esac
    # The layer blobs go out as they were stored: the same bytes, the same digests.
    for l in $(jq -r '.layers[].digest' "$fx/busybox-oci/blobs/sha256/${manifest_digest#sha256:}"); do
        assert_contains "$OUT" "blobs/sha256/${l#sha256:}"
    done
    expect 0 pm load -i "$out"
    expect 0 pm image inspect --format '{{.Id}}' docker.io/library/busybox:latest
    assert_eq "${id#sha256:}" "$OUT" "podman's image id after loading tug's ${format:-default} save"
    expect 0 pm rmi -f docker.io/library/busybox:latest
done

# tug save to stdout; a terminal is refused.
expect 0 bash -c "'$TUG_BIN' save busybox > '$E2E_CASE_DIR/stdout.tar'"
run tar -tf "$E2E_CASE_DIR/stdout.tar"
assert_contains "$OUT" "index.json"

# podman save -> tug load, both formats; a clean store each time.
expect 0 pm load -i "$fx/busybox-docker.tar"
# podman reads the archive's familiar "busybox:latest" as localhost/busybox.
expect 0 pm image inspect --format '{{.Id}}' "${id#sha256:}"
expect 0 pm tag "${id#sha256:}" docker.io/library/busybox:latest
expect 0 tug rmi busybox:latest
for format in docker-archive oci-archive; do
    out=$E2E_CASE_DIR/podman-$format.tar
    expect 0 pm save --format "$format" -o "$out" docker.io/library/busybox:latest
    expect 0 tug load -i "$out"
    assert_contains "$OUT" "Loaded image: busybox:latest"
    # The id is the digest of the config the archive carries (podman rewrites it as an
    # OCI config for oci-archive).
    x=$E2E_CASE_DIR/x-$format
    mkdir -p "$x"
    tar -xf "$out" -C "$x"
    if [ -f "$x/index.json" ]; then
        m=$(jq -r '.manifests[0].digest' "$x/index.json")
        want=$(jq -r '.config.digest' "$x/blobs/sha256/${m#sha256:}")
        # tug keeps the archive's manifest: a save writes the same digest back.
        expect 0 tug save --format oci-archive -o "$x.resaved.tar" busybox:latest
        mkdir -p "$x.resaved"
        tar -xf "$x.resaved.tar" -C "$x.resaved"
        assert_eq "$m" "$(jq -r '.manifests[0].digest' "$x.resaved/index.json")" "manifest digest through tug"
    else
        want=sha256:$(sha256sum "$x/$(jq -r '.[0].Config' "$x/manifest.json")" | cut -c1-64)
    fi
    expect 0 tug images -q --no-trunc
    assert_eq "$want" "$OUT" "image id after loading podman's $format"
    expect 0 tug rmi -f "$want"
done

# Compressed archives load too.
gzip -c "$fx/busybox-docker.tar" >"$E2E_CASE_DIR/docker.tar.gz"
expect 0 tug load -q -i "$E2E_CASE_DIR/docker.tar.gz"
assert_eq "Loaded image: busybox:latest" "$OUT" "load of a gzip'ed docker-archive"
expect 0 bash -c "zstd -q -c '$fx/busybox-oci.tar' | '$TUG_BIN' load"
assert_eq "Loaded image: busybox:latest" "$OUT" "load of a zstd'ed OCI archive from stdin"
xz -T1 -c "$fx/busybox-docker.tar" >"$E2E_CASE_DIR/docker.tar.xz"
expect 0 tug load -i "$E2E_CASE_DIR/docker.tar.xz"
assert_eq "Loaded image: busybox:latest" "$OUT" "load of an xz'ed docker-archive"
