#!/usr/bin/env bash
# pull, images, inspect, history, tag, push, rmi, prune and system df against a plain-HTTP
# docker-registry, cross-checked with skopeo: the same digests both ways, the unpacked
# snapshot holds the fixture's files, whiteouts and opaque directory.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq python3

fx=$(fixtures_dir)
registry_start http
repo=$(uniq_name bb)
registry_push_fixture "$fx/busybox-oci" "$repo:1"
ref=$REG_HOST/$repo:1

raw=$(skopeo inspect --tls-verify=false --raw "docker://$ref")
mdigest=sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)
config=$(jq -r .config.digest <<<"$raw")
nlayers=$(jq '.layers | length' <<<"$raw")

# --- pull -------------------------------------------------------------------------
expect 0 tug pull "$ref"
assert_contains "$OUT" "1: Pulling from $repo"
assert_contains "$OUT" "Digest: $mdigest"
assert_contains "$OUT" "Status: Downloaded newer image for $ref"
assert_contains "$OUT" "Pull complete"
assert_eq "$ref" "$(tail -n1 <<<"$OUT")" "last line of pull"

# Present already: up to date, nothing downloaded, one manifest request.
before=$(grep -c 'GET /v2/' "$REG_DIR/registry.log" || true)
expect 0 tug pull "$ref"
assert_contains "$OUT" "Status: Image is up to date for $ref"
assert_not_contains "$OUT" "Pull complete"
after=$(grep -c 'GET /v2/' "$REG_DIR/registry.log" || true)
log "registry GETs for an up-to-date pull: $((after - before))"
[ $((after - before)) -le 2 ] || fail "an up-to-date pull made $((after - before)) GET requests"

expect_out 0 "$ref" tug pull -q "$ref"

# --- inspect, images, history ----------------------------------------------------------
expect 0 tug image inspect "$ref"
assert_json "$OUT" ".[0].Id == \"$config\""
assert_json "$OUT" ".[0].RepoTags == [\"$ref\"]"
assert_json "$OUT" ".[0].RepoDigests == [\"$REG_HOST/$repo@$mdigest\"]"
assert_json "$OUT" ".[0].Os == \"linux\" and .[0].Architecture == \"amd64\""
assert_json "$OUT" ".[0].RootFS.Type == \"layers\" and (.[0].RootFS.Layers | length) == $nlayers"
assert_json "$OUT" '.[0].Config.Cmd == ["sh"]'
assert_json "$OUT" '.[0].Size > 100000'
expect_out 0 "$config" tug image inspect -f '{{.Id}}' "$REG_HOST/$repo@$mdigest"
short=${config#sha256:}
short=${short:0:12}
expect_out 0 "$config" tug image inspect -f '{{.Id}}' "$short"
expect nonzero tug image inspect nosuchimage-$repo
assert_eq "Error: No such image: nosuchimage-$repo" "$ERR" "image inspect of a missing image"
# docker's daemon names a missing image with its default tag.
expect 1 tug rmi nosuchimage-$repo
assert_eq "Error response from daemon: No such image: nosuchimage-$repo:latest" "$ERR" "rmi of a missing image"

expect 0 tug images
assert_match "$(head -n1 <<<"$OUT")" '^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$'
assert_match "$OUT" "$REG_HOST/$repo +1 +$short "
expect_out 0 "$short" tug images -q
expect 0 tug images --digests
assert_match "$OUT" "$REG_HOST/$repo +1 +$mdigest +$short"
expect_out 0 "$REG_HOST/$repo:1" tug images --format '{{.Repository}}:{{.Tag}}' --filter "reference=*/$repo"
expect_out 0 "" tug images --filter dangling=true -q
expect nonzero tug images --filter bogus=1
assert_contains "$ERR" "invalid filter 'bogus'"

expect 0 tug history "$ref"
assert_match "$(head -n1 <<<"$OUT")" '^IMAGE +CREATED +CREATED BY +SIZE +COMMENT$'
assert_contains "$(sed -n 2p <<<"$OUT")" "$short"

# --- the snapshot: files, whiteout, opaque dir -----------------------------------------
chain=$(jq -r '.[0].GraphDriver.Data.UpperDir' <<<"$("$TUG_BIN" image inspect "$ref")")
[ -d "$chain" ] || fail "top snapshot $chain missing"
driver=$(cat "$TUG_DATA_ROOT/snapshots/driver")
if [ "$driver" = overlayfs ]; then
    [ -c "$chain/etc/fixture-removed" ] || fail "whiteout of /etc/fixture-removed is not a 0:0 char device"
    opaque=$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "trusted.overlay.opaque").decode())' "$chain/opt/opaque" 2>/dev/null || true)
    assert_eq y "$opaque" "opaque xattr"
    # The merged view, mounted the way containers get it, shows the fixture's tree.
    lower=$(jq -r '.[0].GraphDriver.Data.LowerDir' <<<"$("$TUG_BIN" image inspect "$ref")")
    mnt=$E2E_CASE_DIR/merged
    mkdir -p "$mnt"
    mount -t overlay overlay -o "ro,lowerdir=$chain:$lower" "$mnt"
    on_cleanup umount "$mnt"
    [ -x "$mnt/bin/busybox" ] || fail "merged view lacks /bin/busybox"
    [ ! -e "$mnt/etc/fixture-removed" ] || fail "whited-out file visible in the merged view"
    assert_eq "c" "$(ls "$mnt/opt/opaque")" "opaque dir content"
else
    [ ! -e "$chain/etc/fixture-removed" ] || fail "whited-out file present"
    assert_eq "c" "$(ls "$chain/opt/opaque")" "opaque dir content"
fi

# --- tag, push under a new name, skopeo sees the same digests ----------------------------
repo2=$(uniq_name pushed)
expect_out 0 "" tug tag "$ref" "$REG_HOST/$repo2:v2"
expect 0 tug push "$REG_HOST/$repo2:v2"
assert_contains "$OUT" "The push refers to repository [$REG_HOST/$repo2]"
assert_match "$OUT" "(Pushed|Layer already exists|Mounted from $repo)"
assert_eq "v2: digest: $mdigest size: $(printf '%s' "$raw" | wc -c)" "$(tail -n1 <<<"$OUT")" "push summary"
raw2=$(skopeo inspect --tls-verify=false --raw "docker://$REG_HOST/$repo2:v2")
assert_eq "$raw" "$raw2" "manifest bytes after push"
expect 0 skopeo copy --src-tls-verify=false "docker://$REG_HOST/$repo2:v2" "oci:$E2E_CASE_DIR/copied:v2"
# And a push to a missing local name is docker's error.
expect nonzero tug push "$REG_HOST/$repo2:missing"
assert_contains "$ERR" "An image does not exist locally with the tag: $REG_HOST/$repo2"

# --- rmi: untag, then delete; nothing left behind ---------------------------------------
expect_out 0 "Untagged: $REG_HOST/$repo2:v2" tug rmi "$REG_HOST/$repo2:v2"
expect 0 tug rmi "$ref"
assert_contains "$OUT" "Untagged: $ref"
assert_contains "$OUT" "Deleted: $config"
expect nonzero tug rmi "$ref"
assert_contains "$ERR" "No such image"
expect 0 tug pull -q "$ref"
expect 0 tug tag "$ref" "$REG_HOST/$repo:other"
expect 0 tug image prune -f
assert_contains "$OUT" "Total reclaimed space: 0B"
expect nonzero tug rmi "$short"
assert_contains "$ERR" "conflict: unable to delete $short (must be forced) - image is referenced in multiple repositories"
expect 0 tug rmi -f "$short"
assert_contains "$OUT" "Deleted: $config"

expect 0 tug system df
assert_match "$(head -n1 <<<"$OUT")" '^TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE$'
assert_match "$OUT" 'Images +0 +0 +0B'
assert_eq "" "$(ls "$TUG_DATA_ROOT/content/blobs/sha256")" "blobs after removing every image"
assert_eq "driver" "$(ls "$TUG_DATA_ROOT/snapshots")" "snapshots after removing every image"

# prune -a removes an unused tagged image and reports the space.
expect 0 tug pull -q "$ref"
expect 0 tug image prune -a -f
assert_contains "$OUT" "untagged: $ref"
assert_contains "$OUT" "deleted: $config"
assert_match "$OUT" 'Total reclaimed space: [0-9.]+[kM]B'
