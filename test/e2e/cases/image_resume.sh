#!/usr/bin/env bash
# A pull SIGKILLed halfway through a big layer resumes on the next run (the partial
# ingest is continued, not restarted), completes, and every blob in the store matches its
# digest; the unpacked file matches the original.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd skopeo jq

fx=$(fixtures_dir)
registry_start http
work=$E2E_CASE_DIR/layer
mkdir -p "$work/data"
head -c $((160 * 1024 * 1024)) /dev/urandom >"$work/data/big.bin"
want=$(sha256sum "$work/data/big.bin" | cut -d' ' -f1)
tar -C "$work" -cf - data | gzip -1 >"$E2E_CASE_DIR/big.tar.gz"
name=$(uniq_name big)
fixture_image "$E2E_CASE_DIR/oci" "$REG_HOST/$name:1" '{"Cmd":["sh"]}' "$fx/layers/base.tar.gz" "$E2E_CASE_DIR/big.tar.gz"
registry_push_fixture "$E2E_CASE_DIR/oci" "$name:1"
big=$(sha256sum "$E2E_CASE_DIR/big.tar.gz" | cut -d' ' -f1)
total=$(stat -c %s "$E2E_CASE_DIR/big.tar.gz")

# Kill the pull once a part of the big layer is in its ingest.
ingest=$TUG_DATA_ROOT/content/ingest/$big/data
"$TUG_BIN" pull "$REG_HOST/$name:1" >"$E2E_CASE_DIR/pull1.out" 2>&1 &
pid=$!
E2E_BG_PIDS+=("$pid")
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
    size=$(stat -c %s "$ingest" 2>/dev/null || echo 0)
    [ "$size" -gt $((total / 5)) ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
partial=$(stat -c %s "$ingest" 2>/dev/null || echo 0)
log "killed the pull with $partial of $total bytes of the big layer"
[ "$partial" -gt 0 ] && [ "$partial" -lt "$total" ] ||
    fail "the pull was not interrupted mid-layer (ingest holds $partial of $total bytes)"
[ ! -e "$TUG_DATA_ROOT/content/blobs/sha256/$big" ] || fail "the big blob is complete after the kill"

# The second run continues from the partial data: the registry serves the rest only.
expect 0 tug pull "$REG_HOST/$name:1"
assert_contains "$OUT" "Downloaded newer image for $REG_HOST/$name:1"
[ ! -e "$ingest" ] || fail "the ingest is still there after the pull"
for f in "$TUG_DATA_ROOT"/content/blobs/sha256/*; do
    assert_eq "$(basename "$f")" "$(sha256sum "$f" | cut -d' ' -f1)" "digest of $(basename "$f")"
done
upper=$(jq -r '.[0].GraphDriver.Data.UpperDir' <<<"$("$TUG_BIN" image inspect "$REG_HOST/$name:1")")
assert_eq "$want" "$(sha256sum "$upper/data/big.bin" | cut -d' ' -f1)" "unpacked file"
