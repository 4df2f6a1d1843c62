# run/create flags --cidfile, --label-file, --init and -a/--attach against docker's
# behaviour, and container prune (prompt, -f, until= and label filters, output).
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

# ---- container prune ----
keep=$(uniq_name keep)
old=$(uniq_name old)
new=$(uniq_name new)
lab=$(uniq_name lab)
up=$(uniq_name up)
expect 0 tug create --name "$old" --net=none busybox true
old_id=$OUT
on_cleanup tug rm -f "$old"
sleep 1
mid=$(date +%s)
sleep 1
expect 0 tug run --name "$new" --net=none busybox sh -c 'head -c 20000 /dev/zero > /big'
new_id=$(tug inspect -f '{{.Id}}' "$new")
on_cleanup tug rm -f "$new"
expect 0 tug create --name "$lab" --label tier=db --net=none busybox true
lab_id=$OUT
on_cleanup tug rm -f "$lab"
expect 0 tug create --name "$keep" --label tier=web --net=none busybox true
keep_id=$OUT
on_cleanup tug rm -f "$keep"
expect 0 tug run -d --name "$up" --net=none busybox sleep 1000
on_cleanup tug rm -f "$up"

# Without -f docker asks; anything but y keeps everything.
expect 0 bash -c "echo n | $TUG_BIN container prune"
assert_eq "WARNING! This will remove all stopped containers.
Are you sure you want to continue? [y/N] " "$OUT" "prune prompt"
expect 0 tug ps -aq
assert_eq 5 "$(wc -l <<<"$OUT")" "containers after a declined prune"
# label=: only the labelled one; label!= keeps it.
expect 0 tug container prune -f --filter label=tier=db
assert_eq "Deleted Containers:
$lab_id

Total reclaimed space: 0B" "$OUT" "prune --filter label=tier=db"
expect_out 1 "" tug inspect -f '{{.Id}}' "$lab"
# until=: only what was created before that time (a unix timestamp here).
expect 0 tug container prune -f --filter "until=$mid"
assert_eq "Deleted Containers:
$old_id

Total reclaimed space: 0B" "$OUT" "prune --filter until=<before the others>"
# label!=: everything stopped but the web one; the reclaimed space is new's writable
# layer (a 20000-byte file).
expect 0 tug container prune -f --filter 'label!=tier=web'
assert_eq "Deleted Containers:
$new_id" "$(head -2 <<<"$OUT")" "prune --filter label!=tier=web"
assert_match "$OUT" 'Total reclaimed space: 2[0-9](\.[0-9]+)?kB$' "reclaimed space of the 20000-byte file"
expect 0 tug container prune -f --filter until=1h
assert_eq "Total reclaimed space: 0B" "$OUT" "prune with nothing old enough"
# y confirms; the running container stays.
expect 0 bash -c "echo y | $TUG_BIN container prune"
assert_contains "$OUT" "Deleted Containers:
$keep_id"
expect_out 0 "$up" tug ps -a --format '{{.Names}}'
expect 125 tug container prune -f --filter color=red
assert_contains "$ERR" "invalid filter 'color'"
