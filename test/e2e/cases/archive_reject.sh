#!/usr/bin/env bash
# Archives that must be rejected whole: a flipped byte in a layer, a path escaping the
# archive, a blob missing, an archive cut off inside a layer. The store (images, blobs,
# snapshots, and no staging or half-unpacked directories) stays as it was.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd jq python3

fx=$(fixtures_dir)
blobs=$TUG_DATA_ROOT/content/blobs/sha256
# A store with something in it already.
expect 0 tug load -i "$fx/probe-oci.tar"

state() {
    printf 'images:\n%s\nblobs:\n' "$("$TUG_BIN" images -q --no-trunc | sort)"
    ls "$blobs" 2>/dev/null | sort
    printf 'snapshots:\n'
    ls -A "$TUG_DATA_ROOT/snapshots" 2>/dev/null | sort
    printf 'tmp:\n'
    ls -A "$TUG_DATA_ROOT/tmp" 2>/dev/null | sort
}
before=$(state)

# busybox-oci with one byte of its top layer flipped, the digest left as it was.
bad=$E2E_CASE_DIR/tampered
cp -r "$fx/busybox-oci" "$bad"
mdig=$(jq -r '.manifests[0].digest' "$bad/index.json")
top=$(jq -r '.layers[-1].digest' "$bad/blobs/sha256/${mdig#sha256:}")
python3 - "$bad/blobs/sha256/${top#sha256:}" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0xff
open(p, 'wb').write(b)
PY
img_tar "$E2E_CASE_DIR/tampered.tar" "$bad"
expect nonzero tug load -i "$E2E_CASE_DIR/tampered.tar"
assert_contains "$ERR" "digest mismatch"
assert_eq "$before" "$(state)" "store after a tampered archive"

# A docker-archive whose uncompressed layer was changed: caught by the config's diff id.
work=$E2E_CASE_DIR/da
mkdir -p "$work"
tar -xf "$fx/busybox-docker.tar" -C "$work"
layer=$(jq -r '.[0].Layers[-1]' "$work/manifest.json")
printf 'X' | dd of="$work/$layer" bs=1 seek=600 conv=notrunc status=none
img_tar "$E2E_CASE_DIR/tampered-docker.tar" "$work"
expect nonzero tug load -i "$E2E_CASE_DIR/tampered-docker.tar"
assert_eq "$before" "$(state)" "store after a tampered docker-archive"

# An entry escaping the archive root.
evil=$E2E_CASE_DIR/evil
cp -r "$fx/busybox-oci" "$evil"
img_tar "$E2E_CASE_DIR/evil.tar" "$evil"
python3 - "$E2E_CASE_DIR/evil.tar" <<'PY'
import io, sys, tarfile
p = sys.argv[1]
with tarfile.open(p, 'a') as t:
    data = b'escaped'
    ti = tarfile.TarInfo('../../../../../../tmp/tug-archive-escape')
    ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
PY
expect nonzero tug load -i "$E2E_CASE_DIR/evil.tar"
assert_contains "$ERR" "escapes the archive"
[ ! -e /tmp/tug-archive-escape ] || fail "an archive entry escaped to /tmp"
assert_eq "$before" "$(state)" "store after a path-traversal archive"

# A blob the manifest needs is missing.
miss=$E2E_CASE_DIR/missing
cp -r "$fx/busybox-oci" "$miss"
rm "$miss/blobs/sha256/${top#sha256:}"
img_tar "$E2E_CASE_DIR/missing.tar" "$miss"
expect nonzero tug load -i "$E2E_CASE_DIR/missing.tar"
assert_eq "$before" "$(state)" "store after an incomplete archive"

# Cut off in the middle of its layer (read from a pipe): the layer unpacked while it
# streamed in is abandoned with the rest.
size=$(stat -c %s "$fx/busybox-oci.tar")
expect nonzero bash -c "head -c $((size / 2 + 100)) '$fx/busybox-oci.tar' | '$TUG_BIN' load"
assert_contains "$ERR" "tug: "
assert_eq "$before" "$(state)" "store after a truncated archive"

# Not an archive at all.
expect nonzero bash -c "echo garbage | '$TUG_BIN' load"
assert_eq "$before" "$(state)" "store after garbage"

# And the good archive still loads afterwards, also from the disk rather than the page
# cache (dd drops the file's cached pages): then tug reads it with O_DIRECT.
cp "$fx/busybox-oci.tar" "$E2E_CASE_DIR/cold.tar"
sync "$E2E_CASE_DIR/cold.tar"
dd if="$E2E_CASE_DIR/cold.tar" iflag=nocache count=0 status=none
expect 0 env TUG_DEBUG=1 "$TUG_BIN" load -i "$E2E_CASE_DIR/cold.tar"
assert_contains "$OUT" "Loaded image: busybox:latest"
assert_contains "$ERR" "O_DIRECT"
mdig=$(jq -r '.manifests[0].digest' "$fx/busybox-oci/index.json")
config=$(jq -r '.config.digest' "$fx/busybox-oci/blobs/sha256/${mdig#sha256:}")
expect 0 tug image inspect -f '{{.Id}}' busybox
assert_eq "$config" "$OUT" "image id after a load read with O_DIRECT"
