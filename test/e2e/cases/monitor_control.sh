# stop and kill reach a container's monitor over its control socket: a monitor waiting
# out a restart backoff sleeps until told (it does not poll the database), and a stop
# during the backoff ends the container at once, for good.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc pgrep
fixture_load busybox

name=$(uniq_name crashloop)
expect 0 tug run -d --net=none --restart=always --name "$name" busybox false
on_cleanup tug rm -f "$name"
id=$(tug inspect -f '{{.Id}}' "$name")
# docker's backoff doubles from 100 ms: the 6th restart waits 3.2 s.
wait_for 30 bash -c "[ \"\$('$TUG_BIN' inspect -f '{{.State.Status}} {{.RestartCount}}' $name)\" = 'restarting 6' ]"
mon=$(pgrep -f -- "tug-monitor [^ ]+ $id") || fail "no monitor for $id"
switches() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$mon/status"; }
before=$(switches)
sleep 1
after=$(switches)
expect_out 0 "restarting 6" tug inspect -f '{{.State.Status}} {{.RestartCount}}' "$name"
log "monitor $mon: $((after - before)) voluntary context switches in 1 s of backoff"
[ $((after - before)) -le 3 ] || fail "the monitor woke $((after - before)) times in 1 s of backoff: it polls"

# A stop in the backoff takes effect at once and holds.
t0=$(date +%s%N)
expect_out 0 "$name" tug stop "$name"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 2000 ] || fail "stop during the backoff took $ms ms"
sleep 3.5
expect_out 0 "exited 6" tug inspect -f '{{.State.Status}} {{.RestartCount}}' "$name"

# kill and stop of a running container go to its monitor; a gone monitor still stops.
sleeper=$(uniq_name sleeper)
expect 0 tug run -d --net=none --name "$sleeper" busybox sh -c 'trap "exit 42" USR1; while :; do sleep 0.1; done'
on_cleanup tug rm -f "$sleeper"
sid=$(tug inspect -f '{{.Id}}' "$sleeper")
expect_out 0 "$sleeper" tug kill -s USR1 "$sleeper"
wait_for 10 bash -c "[ \"\$('$TUG_BIN' inspect -f '{{.State.Status}} {{.State.ExitCode}}' $sleeper)\" = 'exited 42' ]"
# The exit is recorded before the monitor's teardown ends: a start meanwhile would find
# the old monitor still there.
wait_for 10 bash -c "! pgrep -f -- 'tug-monitor [^ ]+ $sid' >/dev/null"
expect 0 tug start "$sleeper"
smon=$(pgrep -f -- "tug-monitor [^ ]+ $sid") || fail "no monitor for $sid"
kill -KILL "$smon"
expect_out 0 "$sleeper" tug stop -t 1 "$sleeper"
expect_out 0 "false" tug inspect -f '{{.State.Running}}' "$sleeper"
