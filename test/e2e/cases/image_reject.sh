#!/usr/bin/env bash
# Layers that try to escape the rootfs (.. paths, absolute names, writes through
# symlinks, escaping hardlinks, whiteouts outside) are rejected by pull with the layer and
# entry named; the victim files are untouched and no partial snapshot remains.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq

fx=$(fixtures_dir)
registry_start http
# Short host path: the relative-symlink layer stores ../..(x15) + this path in a
# 100-byte ustar link name.
victim=$E2E_STATE_DIR/victim
mkdir -p "$victim/dir"
echo original >"$victim/file"
snapshot_state() { ls -a "$TUG_DATA_ROOT/snapshots" 2>/dev/null | grep -v '^\.\.\?$' | grep -v '^driver$' | sort; }

for kind in dotdot abs-path symlink-abs symlink-rel hardlink-abs hardlink-dotdot whiteout-dotdot; do
    case $kind in
    hardlink-* | dotdot | abs-path) target=$victim/file ;;
    whiteout-dotdot) target=$victim/file ;;
    *) target=$victim/dir ;;
    esac
    layer=$E2E_CASE_DIR/$kind.tar.gz
    fixture_evil_layer "$kind" "$layer" "$target"
    oci=$E2E_CASE_DIR/oci-$kind
    name=$(uniq_name "evil-$kind")
    fixture_image "$oci" "$REG_HOST/$name:1" '{"Cmd":["sh"]}' "$fx/layers/base.tar.gz" "$layer"
    registry_push_fixture "$oci" "$name:1"
    ldigest=sha256:$(sha256sum "$layer" | cut -d' ' -f1)
    expect nonzero tug pull "$REG_HOST/$name:1"
    assert_contains "$ERR" "layer $ldigest" "$kind error"
    assert_match "$ERR" 'entry "' "$kind error"
    assert_eq original "$(cat "$victim/file")" "$kind: victim file"
    assert_eq "" "$(ls "$victim/dir")" "$kind: victim dir"
    [ -e "$victim/file" ] || fail "$kind: victim file removed"
    expect_out 0 "" tug images -q --filter "reference=*/$name"
    # Only complete snapshots of legitimate layers remain: no temporary directories.
    if snapshot_state | grep -q '^\.'; then fail "$kind: partial snapshot left: $(snapshot_state)"; fi
done
find "$E2E_CASE_DIR" -name escaped.txt | grep -q . && fail "a file escaped: $(find "$E2E_CASE_DIR" -name escaped.txt)"
log "snapshots after: $(snapshot_state)"
