# Restart policies applied by the monitor: always / unless-stopped come back after their
# process is killed from outside (RestartCount incremented), stay stopped after tug stop
# or tug kill; on-failure:N gives up after N restarts and ignores a clean exit.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

state() { tug inspect -f '{{.State.Status}} {{.RestartCount}}' "$1"; }
pid_of() { tug inspect -f '{{.State.Pid}}' "$1"; }

# Waits until the container runs again with a pid other than $2 and RestartCount $3.
wait_restarted() {
    local name=$1 old=$2 count=$3
    wait_for 20 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}} {{.RestartCount}}' $name)\" = 'running $count' ] &&
        p=\$($TUG_BIN inspect -f '{{.State.Pid}}' $name) && [ \"\$p\" != 0 ] && [ \"\$p\" != $old ]"
}

# Holds for a few seconds: the container is exited with RestartCount $2 and stays so.
assert_stays_exited() {
    local name=$1 count=$2 i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        expect 0 tug inspect -f '{{.State.Status}} {{.RestartCount}}' "$name"
        assert_eq "exited $count" "$OUT" "state of $name after $((i * 3 / 10)) s"
        sleep 0.3
    done
}

# always: killed from outside, it comes back; twice.
always=$(uniq_name always)
expect 0 tug run -d --net=none --restart=always --name "$always" busybox sleep 1000
on_cleanup tug rm -f "$always"
expect_out 0 "running 0" state "$always"
expect_out 0 "always" tug inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$always"
p1=$(pid_of "$always")
kill -KILL "$p1"
wait_restarted "$always" "$p1" 1
p2=$(pid_of "$always")
kill -KILL "$p2"
wait_restarted "$always" "$p2" 2
expect 0 tug ps --filter "name=$always" --format '{{.Status}}'
assert_match "$OUT" '^Up ' "ps status after restarts"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$always"

# ... and tug stop ends it for good.
expect_out 0 "$always" tug stop -t 1 "$always"
assert_stays_exited "$always" 2
# A manual start brings it back under its policy.
expect 0 tug start "$always"
expect_out 0 "running 2" state "$always"
p3=$(pid_of "$always")
kill -KILL "$p3"
wait_restarted "$always" "$p3" 3
# tug kill is a user stop too.
expect_out 0 "$always" tug kill "$always"
wait_for 10 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}}' $always)\" = exited ]"
assert_stays_exited "$always" 3

# unless-stopped: the same, the user's stop is final.
unless=$(uniq_name unless)
expect 0 tug run -d --net=none --restart=unless-stopped --name "$unless" busybox sleep 1000
on_cleanup tug rm -f "$unless"
p1=$(pid_of "$unless")
kill -KILL "$p1"
wait_restarted "$unless" "$p1" 1
expect_out 0 "$unless" tug stop -t 1 "$unless"
assert_stays_exited "$unless" 1

# on-failure:2: runs three times (the start and two restarts), then stays exited with
# its last status.
fail2=$(uniq_name onfail)
expect 0 tug run -d --net=none --restart=on-failure:2 --name "$fail2" busybox sh -c 'echo run; exit 3'
on_cleanup tug rm -f "$fail2"
wait_for 20 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}} {{.RestartCount}}' $fail2)\" = 'exited 2' ]"
assert_stays_exited "$fail2" 2
expect_out 0 "3" tug inspect -f '{{.State.ExitCode}}' "$fail2"
expect_out 0 "on-failure 2" tug inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' "$fail2"
expect 0 tug logs "$fail2"
assert_eq "run
run
run" "$OUT" "one log line per run"

# on-failure ignores a clean exit.
clean=$(uniq_name clean)
expect 0 tug run -d --net=none --restart=on-failure --name "$clean" busybox true
on_cleanup tug rm -f "$clean"
wait_for 10 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}}' $clean)\" = exited ]"
assert_stays_exited "$clean" 0

# A bad policy is refused with docker's words.
expect 125 tug run -d --net=none --restart=sometimes busybox true
assert_contains "$ERR" "invalid restart policy"
