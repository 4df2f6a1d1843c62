#!/usr/bin/env bash
# A two-platform index: load keeps both platforms (the host's unpacked, the other
# stored), save writes the whole index back (same digests), --platform narrows it to one
# manifest, and push --all-platforms serves the same index from a registry.
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
