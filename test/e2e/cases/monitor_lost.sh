#!/usr/bin/env bash
# A container whose monitor is killed from outside (the OOM killer, an operator's
# kill -9): the next command that looks at it records it Exited (255) with the time it
# was found so, kills the process left running without a monitor, and releases its
# rootfs mount and address lease, as docker's daemon does when a shim dies; a --rm
# container is removed; `wait` reports 255. A start brings a lost container back.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc pgrep
fixture_load busybox

lease_dir=/run/tug-cni/ipam/bridge
monitor_of() { pgrep -f "tug-monitor [^ ]+ $1"; }
tag=lost-$$-$RANDOM

kept=$(uniq_name kept)
expect 0 tug run -d --name "$kept" busybox sleep "1$RANDOM"
on_cleanup tug rm -f "$kept"
id=$(tug inspect -f '{{.Id}}' "$kept")
gone=$(uniq_name gone)
expect 0 tug run -d --rm --net=none --name "$gone" busybox sh -c "echo $tag; sleep 1000"
gone_id=$(tug inspect -f '{{.Id}}' "$gone")
on_cleanup bash -c "'$TUG_BIN' rm -f '$gone' >/dev/null 2>&1 || true"
waited=$(uniq_name waited)
expect 0 tug run -d --net=none --name "$waited" busybox sleep "2$RANDOM"
on_cleanup tug rm -f "$waited"
waited_id=$(tug inspect -f '{{.Id}}' "$waited")
waited_pid=$(tug inspect -f '{{.State.Pid}}' "$waited")
pid=$(tug inspect -f '{{.State.Pid}}' "$kept")
grep -rlsF "$id" "$lease_dir" >/dev/null || fail "no address lease for $kept"

mon=$(monitor_of "$id") || fail "no monitor process for $kept"
mon_gone=$(monitor_of "$gone_id") || fail "no monitor process for $gone"
mon_waited=$(monitor_of "$waited_id") || fail "no monitor process for $waited"
kill -KILL $mon $mon_gone $mon_waited
wait_for 10 bash -c "! kill -0 $mon 2>/dev/null && ! kill -0 $mon_gone 2>/dev/null && ! kill -0 $mon_waited 2>/dev/null"
# Without a monitor the processes run on, unwatched...
kill -0 "$pid" || fail "the container's process went with its monitor before anything looked at it"

# ... until a command looks: wait, which reports what docker shows for a lost container,
expect_out 0 "255" tug wait "$waited"
wait_for 10 bash -c "! kill -0 $waited_pid 2>/dev/null"
# or ps.
expect 0 tug ps -a --format '{{.Names}} {{.Status}}'
assert_contains "$OUT" "$kept Exited (255)"
assert_not_contains "$OUT" "$gone"
wait_for 10 bash -c "! kill -0 $pid 2>/dev/null"
pgrep -f "$tag" >/dev/null && fail "the --rm container's process is still running"
expect 0 tug inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Running}} {{.State.Pid}}' "$kept"
assert_eq "exited 255 false 0" "$OUT"
expect 0 tug inspect -f '{{.State.FinishedAt}}' "$kept"
assert_match "$OUT" '^2[0-9]{3}-' "FinishedAt of a lost container"
if grep -rlsF "$id" "$lease_dir" >/dev/null; then fail "the lost container's lease was kept"; fi
if grep -qF "$id" /proc/mounts; then fail "the lost container's rootfs is still mounted"; fi
expect nonzero tug container inspect "$gone"
assert_contains "$ERR" "No such container"

# A start brings it back, with an address again.
expect 0 tug start "$kept"
expect_out 0 "running" tug inspect -f '{{.State.Status}}' "$kept"
grep -rlsF "$id" "$lease_dir" >/dev/null || fail "no address lease after the start"
