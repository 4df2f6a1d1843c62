#!/usr/bin/env bash
# The registry client's endpoint and transfer paths through tug pull/push: a hosts.toml
# mirror serving docker.io names from a loopback registry (no internet needed), a
# malformed hosts.toml, and a layer over the 64 MiB chunk size pushed with chunked
# uploads to a second registry (no mount possible), with skopeo checking the digests.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq gzip

fx=$(fixtures_dir)
registry_start http
mirror=$REG_HOST
name=$(uniq_name mirrored)
registry_push_fixture "$fx/busybox-oci" "library/$name:1.0"
raw=$(skopeo inspect --tls-verify=false --raw "docker://$mirror/library/$name:1.0")
mdigest=sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)

# --- hosts.toml: docker.io through a pull/resolve mirror ----------------------------------
certs=$E2E_CASE_DIR/certs.d
mkdir -p "$certs/docker.io"
cat >"$certs/docker.io/hosts.toml" <<TOML
server = "https://registry-1.docker.io"

[host."http://$mirror"]
  capabilities = ["pull", "resolve"]
TOML
export TUG_REGISTRY_CONFIG_DIR=$certs
expect 0 tug pull "$name:1.0"
assert_contains "$OUT" "Digest: $mdigest"
assert_contains "$OUT" "docker.io/library/$name:1.0"
expect 0 tug image inspect --format '{{json .RepoDigests}}' "$name:1.0"
assert_contains "$OUT" "$name@$mdigest"
grep -q "GET /v2/library/$name/manifests/1.0" "$REG_DIR/registry.log" ||
    fail "the mirror was not asked for the manifest"

# A hosts.toml error names the file and line.
printf 'server = "https://registry-1.docker.io"\n[host."http://%s"]\n  capabilities = ["fly"]\n' "$mirror" \
    >"$certs/docker.io/hosts.toml"
expect nonzero tug pull "$name:1.0-other"
assert_contains "$ERR" "$certs/docker.io/hosts.toml:3: unknown capability \"fly\""

# --- chunked upload of a large layer --------------------------------------------------
big=$E2E_CASE_DIR/big
mkdir -p "$big/data"
head -c $((70 << 20)) /dev/urandom >"$big/data/random.bin"
img_tar "$big/layer.tar" "$big/data"
gzip -1 -n -c "$big/layer.tar" >"$big/layer.tar.gz"
rm -f "$big/layer.tar" "$big/data/random.bin"
fixture_image "$big/oci" "$mirror/big:1" '{"Cmd":["sh"]}' "$fx/layers/base.tar.gz" "$big/layer.tar.gz"
registry_push_fixture "$big/oci" "big:1"
bigraw=$(skopeo inspect --tls-verify=false --raw "docker://$mirror/big:1")
layer_size=$(jq '.layers[1].size' <<<"$bigraw")
[ "$layer_size" -gt $((64 << 20)) ] || fail "test layer is only $layer_size bytes"

expect 0 tug pull "$mirror/big:1"
registry_start http
second=$REG_HOST
expect 0 tug tag "$mirror/big:1" "$second/big:copy"
expect 0 tug push "$second/big:copy"
grep -q 'PATCH /v2/big/blobs/uploads/' "$REG_DIR/registry.log" || fail "no chunked (PATCH) upload seen"
assert_eq "$bigraw" "$(skopeo inspect --tls-verify=false --raw "docker://$second/big:copy")" "manifest pushed in chunks"
# The registry verified every blob's digest on upload; fetch the big one back to be sure.
skopeo copy --src-tls-verify=false "docker://$second/big:copy" "oci:$big/back:copy" >>"$E2E_LOG" 2>&1 ||
    fail "skopeo could not pull what tug pushed"
expect 0 tug rmi "$mirror/big:1" "$second/big:copy"
