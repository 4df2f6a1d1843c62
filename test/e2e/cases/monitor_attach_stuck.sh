# An attached client that never reads is dropped once its bounded buffer is full: it
# never stalls the container's output, its log, or another attached client.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

name=$(uniq_name chatty)
# About 400 KB/s: enough to fill a stuck client's pipe and socket buffers in a second.
expect 0 tug run -d --net=none --name "$name" busybox sh -c \
    'l=$(head -c 3999 /dev/zero | tr "\0" x); while :; do echo "$l"; usleep 10000; done'
on_cleanup tug rm -f "$name"
expect 0 tug inspect -f '{{.LogPath}}' "$name"
log=$OUT

# The stuck client: its stdout is a fifo that this shell holds open and never reads.
mkfifo "$TMPDIR/stuck"
exec 7<>"$TMPDIR/stuck"
bg bash -c "exec '$TUG_BIN' attach --no-stdin '$name' >'$TMPDIR/stuck'"
# The reading client.
bg bash -c "exec '$TUG_BIN' attach --no-stdin '$name' >'$TMPDIR/reader.out'"
sleep 1.5

# For 8 s, neither the log nor the reading client may stand still for more than 1.5 s
# (a client blocking the monitor stalls both for seconds).
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
last_log=$(size "$log") last_reader=$(size "$TMPDIR/reader.out")
still_log=0 still_reader=0
for _ in $(seq 32); do
    sleep 0.25
    l=$(size "$log") r=$(size "$TMPDIR/reader.out")
    if [ "$l" = "$last_log" ]; then still_log=$((still_log + 1)); else still_log=0; fi
    if [ "$r" = "$last_reader" ]; then still_reader=$((still_reader + 1)); else still_reader=0; fi
    log "log $l reader $r"
    [ "$still_log" -le 6 ] || fail "the log stood still for $((still_log / 4)) s while a client was stuck"
    [ "$still_reader" -le 6 ] || fail "the reading client stood still for $((still_reader / 4)) s while another was stuck"
    last_log=$l last_reader=$r
done
[ "$last_reader" -gt 1000000 ] || fail "the reading client received only $last_reader bytes"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$name"
exec 7>&-
