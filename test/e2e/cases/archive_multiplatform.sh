#!/usr/bin/env bash
# A two-platform index: load keeps both platforms (the host's unpacked, the other
# stored), save writes the whole index back (same digests), --platform narrows it to one
# manifest, and push --all-platforms serves the same index from a registry. The host's
# platform runs; the arm64 one is refused by run and create before anything is written.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
source "$TUG_E2E_LIB/registry.sh"
require_root
require_tug
require_cmd jq skopeo

fx=$(fixtures_dir)
work=$E2E_CASE_DIR/work
mkdir -p "$work"

# An OCI layout whose index.json points at a two-platform index.
lay=$work/layout
cp -r "$fx/busybox-oci" "$lay"
amd=$(jq -c '.manifests[0] | del(.annotations)' "$lay/index.json")
mdig=$(jq -r '.digest' <<<"$amd")
cdig=$(jq -r '.config.digest' "$lay/blobs/sha256/${mdig#sha256:}")
jq -c '.architecture = "arm64" | .variant = "v8"' "$lay/blobs/sha256/${cdig#sha256:}" | tr -d '\n' >"$work/cfg"
ach=$(sha256sum "$work/cfg" | cut -c1-64)
cp "$work/cfg" "$lay/blobs/sha256/$ach"
jq -c --arg d "sha256:$ach" --argjson s "$(stat -c %s "$work/cfg")" '.config.digest = $d | .config.size = $s' \
    "$lay/blobs/sha256/${mdig#sha256:}" | tr -d '\n' >"$work/man"
amh=$(sha256sum "$work/man" | cut -c1-64)
cp "$work/man" "$lay/blobs/sha256/$amh"
jq -cn --argjson amd "$amd" --arg d "sha256:$amh" --argjson s "$(stat -c %s "$work/man")" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [$amd, {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
                       platform: {architecture: "arm64", os: "linux", variant: "v8"}}]}' | tr -d '\n' >"$work/idx"
idx=sha256:$(sha256sum "$work/idx" | cut -c1-64)
cp "$work/idx" "$lay/blobs/sha256/${idx#sha256:}"
jq -cn --arg d "$idx" --argjson s "$(stat -c %s "$work/idx")" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
                 annotations: {"io.containerd.image.name": "docker.io/library/multi:1",
                               "org.opencontainers.image.ref.name": "1"}}]}' >"$lay/index.json"
img_tar "$work/multi.tar" "$lay"

expect 0 tug load -i "$work/multi.tar"
assert_eq "Loaded image: multi:1" "$OUT"
expect 0 tug image inspect -f '{{.Architecture}}' multi:1
assert_eq amd64 "$OUT" "the host platform is the one unpacked"

# save keeps the whole index, byte for byte.
expect 0 tug save -o "$work/saved.tar" multi:1
mkdir -p "$work/saved"
tar -xf "$work/saved.tar" -C "$work/saved"
assert_eq "$idx" "$(jq -r '.manifests[0].digest' "$work/saved/index.json")" "saved top-level digest"
assert_eq "docker.io/library/multi:1" \
    "$(jq -r '.manifests[0].annotations["io.containerd.image.name"]' "$work/saved/index.json")" "saved image name"
for b in "$lay"/blobs/sha256/*; do
    cmp "$b" "$work/saved/blobs/sha256/$(basename "$b")" || fail "blob $(basename "$b") differs or is missing"
done
# manifest.json describes the host platform's image.
assert_eq "blobs/sha256/${cdig#sha256:}" "$(jq -r '.[0].Config' "$work/saved/manifest.json")" "manifest.json config"

# --platform narrows to the arm64 manifest.
expect 0 tug save --platform linux/arm64 -o "$work/arm.tar" multi:1
mkdir -p "$work/arm"
tar -xf "$work/arm.tar" -C "$work/arm"
assert_eq "sha256:$amh" "$(jq -r '.manifests[0].digest' "$work/arm/index.json")" "arm64-only save"

# Load into an empty store: both platforms come back.
expect 0 tug rmi -f multi:1
expect 0 tug load -i "$work/saved.tar"
expect 0 tug save --all-platforms -o "$work/again.tar" multi:1
mkdir -p "$work/again"
tar -xf "$work/again.tar" -C "$work/again"
assert_eq "$idx" "$(jq -r '.manifests[0].digest' "$work/again/index.json")" "index after a save/load round trip"
[ -f "$work/again/blobs/sha256/$ach" ] || fail "the arm64 config was lost in the round trip"

# The registry serves the same index after push --all-platforms.
registry_start http
expect 0 tug tag multi:1 "$REG_HOST/lib/multi:1"
expect 0 tug push --all-platforms "$REG_HOST/lib/multi:1"
expect 0 skopeo inspect --tls-verify=false --raw "docker://$REG_HOST/lib/multi:1"
assert_eq "$idx" "sha256:$(printf '%s' "$OUT" | sha256sum | cut -c1-64)" "pushed index digest"
# skopeo's .Digest is the index's; the platform's manifest is what a copy pulls.
expect 0 skopeo inspect --tls-verify=false --override-arch arm64 "docker://$REG_HOST/lib/multi:1"
assert_json "$OUT" ".Digest == \"$idx\" and .Architecture == \"arm64\""
expect 0 skopeo --insecure-policy copy --src-tls-verify=false --override-arch arm64 \
    "docker://$REG_HOST/lib/multi:1" "oci:$work/pulled:x"
assert_eq "sha256:$amh" "$(jq -r '.manifests[0].digest' "$work/pulled/index.json")" "arm64 manifest pulled by skopeo"

# Running (issue 7): the host's platform runs, by default and by --platform.
expect_out 0 hello tug run --rm --net=none multi:1 echo hello
expect_out 0 hello tug run --rm --net=none --platform linux/amd64 multi:1 echo hello
keep=$(uniq_name keep)
expect 0 tug create --name "$keep" --net=none multi:1 echo hello
expect 0 tug ps -aq
containers_before=$(grep -c . <<<"$OUT" || true)
assert_eq 1 "$containers_before" "containers before the refusals"
dirs_before=$(ls "$TUG_DATA_ROOT/containers")
expect 0 tug image inspect -f '{{.Id}}' multi:1
amd_id=$OUT
# Another architecture by --platform is refused before any pull: the store stays as it was.
# run exits 125; create 1, as docker's create does for the daemon's errors.
expect 125 tug run --rm --net=none --platform linux/arm64 multi:1 echo hello
assert_contains "$ERR" 'image "multi:1" was requested for linux/arm64, which this host (linux/amd64) cannot run'
expect 1 tug create --pull always --platform linux/arm64 "$REG_HOST/lib/multi:1"
assert_contains "$ERR" "linux/arm64"
for t in multi:1 "$REG_HOST/lib/multi:1"; do
    expect_out 0 "$amd_id amd64" tug image inspect -f '{{.Id}} {{.Architecture}}' "$t"
done
# --pull never does not fetch the platform asked for; docker's wording.
expect 125 tug run --rm --net=none --pull never --platform linux/386 multi:1 echo hello
assert_contains "$ERR" "image with reference multi:1 was found but its platform (linux/amd64) does not match the specified platform (linux/386)"

# The arm64-only archive moves multi:1 to the arm64 image, which run and create refuse
# without a container record or the name being kept.
expect 0 tug load -i "$work/arm.tar"
expect_out 0 arm64 tug image inspect -f '{{.Architecture}}' multi:1
expect 125 tug run --rm --net=none multi:1 echo hello
assert_contains "$ERR" 'image "multi:1" is for linux/arm64/v8, which this host (linux/amd64) cannot run'
assert_eq "" "$OUT" "stdout of a refused run"
name=$(uniq_name arm)
expect 1 tug create --name "$name" multi:1
assert_contains "$ERR" "linux/arm64"
expect 125 tug run -d --name "$name" multi:1 sleep 5
assert_contains "$ERR" "linux/arm64"
expect 0 tug ps -aq
assert_eq "$containers_before" "$(grep -c . <<<"$OUT" || true)" "containers after the refusals"
assert_eq "$dirs_before" "$(ls "$TUG_DATA_ROOT/containers")" "container directories after the refusals"
# The name was not reserved: the amd64 image (now untagged) takes it.
expect 0 tug create --name "$name" --net=none "$amd_id" echo hello
expect 0 tug rm "$name"

# From a registry: an arm64 pull is stored, not run; --platform linux/amd64 pulls the
# host's manifest of the same index (the local image counts as missing) and runs it.
expect 0 tug pull --platform linux/arm64 "$REG_HOST/lib/multi:1"
expect 125 tug run --rm --net=none "$REG_HOST/lib/multi:1" echo hello
assert_contains "$ERR" "is for linux/arm64/v8"
expect_out 0 hello tug run --rm --net=none --platform linux/amd64 "$REG_HOST/lib/multi:1" echo hello
expect_out 0 "$amd_id amd64" tug image inspect -f '{{.Id}} {{.Architecture}}' "$REG_HOST/lib/multi:1"
expect 0 tug ps -aq
assert_eq "$containers_before" "$(grep -c . <<<"$OUT" || true)" "containers at the end"
expect 0 tug rm "$keep"
