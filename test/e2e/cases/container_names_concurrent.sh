# 50 concurrent `run -d` with distinct names all succeed; ps -q counts 50.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

prefix=$(uniq_name par)
pids=()
for i in $(seq 1 50); do
    tug run -d --net=none --name "$prefix-$i" busybox sleep 1000 >"$TMPDIR/out.$i" 2>"$TMPDIR/err.$i" &
    pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { failed=$((failed + 1)); log "run $i failed: $(cat "$TMPDIR/err.$((i + 1))")"; }
done
assert_eq 0 "$failed" "failed concurrent runs"
expect 0 tug ps -q
assert_eq 50 "$(printf '%s\n' "$OUT" | grep -c .)" "running containers"
expect 0 tug rm -f $(tug ps -aq)
expect_out 0 "" tug ps -aq
