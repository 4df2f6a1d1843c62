# pause/unpause (State.Paused, ps wording, exec refused), restart, rename, and run -it in
# a real terminal: typing, window size, detach with ctrl-p ctrl-q, attach again.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
source "$TUG_E2E_LIB/tty.sh"
require_root
require_tug
require_cmd runc jq tmux
fixture_load busybox

c=$(uniq_name pr)
expect 0 tug run -d --net=none --name "$c" busybox sleep 1000
id=$OUT
expect_out 0 "$c" tug pause "$c"
expect_out 0 "paused true" tug inspect -f '{{.State.Status}} {{.State.Paused}}' "$c"
expect 0 tug ps --filter "name=$c" --format '{{.Status}}'
assert_match "$OUT" '^Up .* \(Paused\)$' "ps status of a paused container"
expect 1 tug pause "$c"
assert_contains "$ERR" "Container $id is already paused"
expect 1 tug exec "$c" true
assert_contains "$ERR" "is paused, unpause the container before exec"
expect_out 0 "$c" tug unpause "$c"
expect_out 0 "running false" tug inspect -f '{{.State.Status}} {{.State.Paused}}' "$c"
expect 1 tug unpause "$c"
assert_contains "$ERR" "Container $id is not paused"

# restart: a new process, still running.
expect 0 tug inspect -f '{{.State.Pid}}' "$c"
pid1=$OUT
expect_out 0 "$c" tug restart -t 1 "$c"
expect 0 tug inspect -f '{{.State.Running}} {{.State.Pid}}' "$c"
assert_match "$OUT" '^true [0-9]+$' "running after restart"
assert_ne "true $pid1" "$OUT" "pid after restart"
# A --rm container survives a restart (docker's HasBeenManuallyRestarted), on the same
# writable layer; the stop after it removes it.
rm_c=$(uniq_name rmrestart)
expect 0 tug run -d --rm --name "$rm_c" --net=none busybox sh -c 'echo started >>/kept; sleep 1000'
on_cleanup tug rm -f "$rm_c"
expect_out 0 "$rm_c" tug restart -t 1 "$rm_c"
expect_out 0 "running" tug inspect -f '{{.State.Status}}' "$rm_c"
expect_out 0 "started
started" tug exec "$rm_c" cat /kept
expect_out 0 "$rm_c" tug stop -t 1 "$rm_c"
wait_for 10 bash -c "! $TUG_BIN inspect $rm_c"

# rename.
n2=$(uniq_name renamed)
expect_out 0 "" tug rename "$c" "$n2"
expect_out 0 "/$n2" tug inspect -f '{{.Name}}' "$id"
expect 1 tug inspect "$c"
expect 1 tug rename "$n2" "$n2"
assert_contains "$ERR" "Renaming a container with the same name as its current name"
other=$(uniq_name other)
expect 0 tug create --name "$other" busybox true
expect 1 tug rename "$n2" "$other"
assert_contains "$ERR" "Conflict. The container name \"/$other\" is already in use"
expect 0 tug rm -f "$n2" "$other"

# A paused container can be killed; once exited, it is no longer paused.
k=$(uniq_name kp)
expect 0 tug run -d --net=none --name "$k" busybox sleep 1000
expect_out 0 "$k" tug pause "$k"
expect_out 0 "$k" tug kill "$k"
expect 0 tug wait "$k"
expect_out 0 "exited false" tug inspect -f '{{.State.Status}} {{.State.Paused}}' "$k"
expect 0 tug rm "$k"

# run -it in tmux: a command, the window size, detach, attach, exit status.
t=$(uniq_name tty)
tty_start "$TUG_BIN" run -it --net=none --name "$t" busybox sh
tty_wait_for '#'
tty_send 'echo sum=$((6*7))' Enter
tty_wait_for 'sum=42'
tty_send 'stty size' Enter
tty_wait_for '24 80'
tty_send C-p C-q
tty_wait_exit 20
assert_eq 0 "$RC" "exit status after detaching"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$t"
TTY_SESSION=again
tty_start "$TUG_BIN" attach "$t"
tty_send Enter
tty_send 'echo back=$((1+1))' Enter
tty_wait_for 'back=2'
tty_send 'exit 5' Enter
tty_wait_exit 20
assert_eq 5 "$RC" "attach exit status"
expect_out 0 "5" tug inspect -f '{{.State.ExitCode}}' "$t"

# exec -it in tmux: the size, then its own exit status.
e=$(uniq_name ex)
expect 0 tug run -d --net=none --name "$e" busybox sleep 1000
TTY_SESSION=exec
tty_start "$TUG_BIN" exec -it "$e" sh
tty_wait_for '#'
tty_send 'stty size; echo ok=$((2+2))' Enter
tty_wait_for 'ok=4'
tty_screen
assert_contains "$OUT" "24 80" "stty size in exec -it"
tty_send 'exit 4' Enter
tty_wait_exit 20
assert_eq 4 "$RC" "exec -it exit status"
expect 0 tug rm -f "$e" "$t"
