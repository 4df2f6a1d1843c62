#!/usr/bin/env bash
# A two-platform OCI index (the fixture's layers, configs for linux/amd64 and linux/arm64/v8)
# pushed by skopeo: tug pulls one platform by --platform, every platform with
# --all-platforms, and pushes the whole index back with --all-platforms, byte for byte.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq

fx=$(fixtures_dir)
mp=$E2E_CASE_DIR/mp
cp -r "$fx/busybox-oci" "$mp"
blob() { echo "$mp/blobs/sha256/${1#sha256:}"; }
# put <file>: moves a file into the layout's blobs, prints its digest
put() {
    local d
    d=sha256:$(sha256sum "$1" | cut -d' ' -f1)
    mv "$1" "$(blob "$d")"
    echo "$d"
}
m1=$(jq -r '.manifests[0].digest' "$mp/index.json")
m1size=$(stat -c %s "$(blob "$m1")")
c1=$(jq -r .config.digest "$(blob "$m1")")
jq -c '.architecture = "arm64" | .variant = "v8"' "$(blob "$c1")" | tr -d '\n' >"$mp/cfg2"
c2size=$(stat -c %s "$mp/cfg2")
c2=$(put "$mp/cfg2")
jq -c --arg d "$c2" --argjson s "$c2size" '.config.digest = $d | .config.size = $s' "$(blob "$m1")" | tr -d '\n' >"$mp/man2"
m2size=$(stat -c %s "$mp/man2")
m2=$(put "$mp/man2")
jq -cn --arg m1 "$m1" --argjson s1 "$m1size" --arg m2 "$m2" --argjson s2 "$m2size" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
        {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m1, size: $s1,
         platform: {architecture: "amd64", os: "linux"}},
        {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $m2, size: $s2,
         platform: {architecture: "arm64", os: "linux", variant: "v8"}}
    ]}' | tr -d '\n' >"$mp/idx"
isize=$(stat -c %s "$mp/idx")
idx=$(put "$mp/idx")
jq -cn --arg d "$idx" --argjson s "$isize" '{schemaVersion: 2, manifests: [
    {mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
     annotations: {"org.opencontainers.image.ref.name": "multi"}}]}' >"$mp/index.json"

registry_start http
repo=$(uniq_name multi)
ref=$REG_HOST/$repo:multi
expect 0 skopeo --insecure-policy copy --all --dest-tls-verify=false "oci:$mp:multi" "docker://$ref"
raw=$(skopeo inspect --tls-verify=false --raw "docker://$ref")
rdigest=sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)
assert_json "$raw" '.manifests | length == 2'

# One platform, not the host's: stored (not run).
expect 0 tug pull --platform linux/arm64 "$ref"
assert_contains "$OUT" "Digest: $rdigest"
expect 0 tug image inspect "$ref"
assert_json "$OUT" ".[0].Id == \"$c2\" and .[0].Architecture == \"arm64\" and .[0].Variant == \"v8\""
assert_json "$OUT" ".[0].RepoDigests == [\"$REG_HOST/$repo@$rdigest\"]"

# The host's platform by default: the tag moves to the amd64 image.
expect 0 tug pull "$ref"
assert_contains "$OUT" "Downloaded newer image for $ref"
expect_out 0 "$c1 amd64" tug image inspect -f '{{.Id}} {{.Architecture}}' "$ref"
expect nonzero tug pull --platform linux/s390x "$ref"
assert_contains "$ERR" "no matching manifest for linux/s390x in the manifest list entries"

# Every platform: both configs and manifests in the store; push --all-platforms sends
# the index unchanged, and without it only the platform manifest goes.
expect 0 tug pull --all-platforms "$ref"
for d in "$c1" "$c2" "$m1" "$m2" "$rdigest"; do
    [ -f "$TUG_DATA_ROOT/content/blobs/sha256/${d#sha256:}" ] || fail "blob $d not stored by --all-platforms"
done
repo2=$(uniq_name pushed)
expect 0 tug tag "$ref" "$REG_HOST/$repo2:all"
expect 0 tug push --all-platforms "$REG_HOST/$repo2:all"
assert_eq "all: digest: $rdigest size: ${#raw}" "$(tail -n1 <<<"$OUT")" "push summary"
assert_eq "$raw" "$(skopeo inspect --tls-verify=false --raw "docker://$REG_HOST/$repo2:all")" "index after push"
for m in "$m1" "$m2"; do
    got=$(skopeo inspect --tls-verify=false --raw "docker://$REG_HOST/$repo2@$m" | sha256sum | cut -d' ' -f1)
    assert_eq "${m#sha256:}" "$got" "platform manifest $m in the pushed repository"
done
expect 0 skopeo inspect --tls-verify=false --override-arch arm64 --override-variant v8 --config "docker://$REG_HOST/$repo2:all"
assert_json "$OUT" '.architecture == "arm64"'
expect 0 tug tag "$ref" "$REG_HOST/$repo2:one"
expect 0 tug push "$REG_HOST/$repo2:one"
assert_contains "$(tail -n1 <<<"$OUT")" "one: digest: $m1"

# Removing the images removes the other platform's blobs too.
expect 0 tug rmi -f "$c1" "$c2"
expect 0 tug image prune -a -f
assert_eq "" "$(ls "$TUG_DATA_ROOT/content/blobs/sha256")" "blobs after rmi"
