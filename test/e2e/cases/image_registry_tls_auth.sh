#!/usr/bin/env bash
# pull and push against docker-registry over TLS with the CA in certs.d, and with basic
# auth after `tug login`; skopeo sees the same digests; without a login it is an error.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq

fx=$(fixtures_dir)

# --- TLS, CA from certs.d -----------------------------------------------------------
registry_start tls
repo=$(uniq_name tls)
registry_push_fixture "$fx/busybox-oci" "$repo:1"
mapfile -t sk < <(registry_skopeo_args src)
raw=$(skopeo inspect "${sk[@]/--src-/--}" --raw "docker://$REG_HOST/$repo:1")
mdigest=sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)

# (Without the CA the pull would still work: 127.0.0.0/8 is an insecure registry
# by default, as with docker; login's test covers a CA that does not match.)
export TUG_REGISTRY_CONFIG_DIR=$REG_CERTS_D
expect 0 tug pull "$REG_HOST/$repo:1"
assert_contains "$OUT" "Digest: $mdigest"
expect 0 tug tag "$REG_HOST/$repo:1" "$REG_HOST/$repo:copy"
expect 0 tug push "$REG_HOST/$repo:copy"
assert_eq "copy: digest: $mdigest size: ${#raw}" "$(tail -n1 <<<"$OUT")"
assert_eq "$raw" "$(skopeo inspect "${sk[@]/--src-/--}" --raw "docker://$REG_HOST/$repo:copy")" "manifest via TLS"

# --- basic auth over TLS, after tug login ------------------------------------------------
registry_start auth
export TUG_REGISTRY_CONFIG_DIR=$REG_CERTS_D
repo=$(uniq_name auth)
registry_push_fixture "$fx/busybox-oci" "$repo:1"
expect nonzero tug pull "$REG_HOST/$repo:1"
assert_contains "$ERR" "unauthorized"
printf '%s\n' "$REG_PASS" | tug login -u "$REG_USER" --password-stdin "$REG_HOST" >/dev/null 2>&1 ||
    fail "tug login failed"
expect 0 tug pull "$REG_HOST/$repo:1"
assert_contains "$OUT" "Digest: $mdigest"
expect 0 tug tag "$REG_HOST/$repo:1" "$REG_HOST/$repo-2:1"
expect 0 tug push "$REG_HOST/$repo-2:1"
assert_match "$OUT" "(Mounted from $repo|Layer already exists|Pushed)"
mapfile -t sk < <(registry_skopeo_args src)
assert_eq "$raw" "$(skopeo inspect "${sk[@]/--src-/--}" --raw "docker://$REG_HOST/$repo-2:1")" "manifest via auth"
expect 0 tug logout "$REG_HOST"
expect 0 tug rmi "$REG_HOST/$repo:1" "$REG_HOST/$repo-2:1"
expect nonzero tug pull "$REG_HOST/$repo:1"
assert_contains "$ERR" "unauthorized"
