# Running containers: foreground exit codes, -d + logs -f, stop/kill/rm -f, --rm, inspect, names.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load busybox

# Foreground: output relayed, the container's status is ours.
expect_out 0 "hello" tug run --rm --net=none busybox echo hello
expect 3 tug run --rm busybox sh -c 'echo out; echo err >&2; exit 3'
assert_eq "out" "$OUT" "stdout of the container"
assert_eq "err" "$ERR" "stderr of the container"
expect 127 tug run --rm busybox no-such-command
assert_contains "$ERR" "executable file not found"
expect 126 tug run --rm busybox /etc/passwd
expect_out 0 "" tug ps -aq

# Env, workdir, user, hostname, entrypoint.
expect_out 0 "1000 1000 1000 1001" tug run --rm -u tug busybox sh -c 'echo $(id -u) $(id -g) $(id -G)'
expect_out 0 "/work/dir" tug run --rm -w /work/dir busybox pwd
expect_out 0 "v1 box" tug run --rm -e A=v1 --hostname box busybox sh -c 'echo $A $(hostname)'
expect_out 0 "x y" tug run --rm --entrypoint echo busybox x y

# Detached: full id, logs -f ends with the container.
name=$(uniq_name run)
expect 0 tug run -d --name "$name" busybox sh -c 'for i in 1 2 3; do echo line $i; sleep 0.3; done; echo bye >&2'
id=$OUT
assert_match "$id" '^[0-9a-f]{64}$' "run -d output"
expect 0 tug logs -f "$name"
assert_eq "line 1
line 2
line 3" "$OUT" "logs -f stdout"
assert_eq "bye" "$ERR" "logs -f stderr"
expect_out 0 "0" tug wait "$name"
expect_out 0 "line 3" tug logs --tail 2 "$name"
assert_eq "bye" "$ERR" "logs --tail 2 stderr"
expect 0 tug logs -t "$name"
assert_match "$OUT" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z line 1' "logs -t"
expect 0 tug inspect "$name"
assert_json "$OUT" ".[0].Id == \"$id\" and .[0].Name == \"/$name\" and .[0].State.Status == \"exited\" and .[0].State.ExitCode == 0 and .[0].State.Running == false and .[0].Path == \"sh\""
expect_out 0 "exited" tug container inspect -f '{{.State.Status}}' "$name"
expect 0 tug ps -a --filter "name=$name" --format '{{.Status}}'
assert_match "$OUT" '^Exited \(0\) ' "ps status"

# Duplicate names fail with docker's message.
expect 1 tug create --name "$name" busybox true
assert_eq "tug: Error response from daemon: Conflict. The container name \"/$name\" is already in use by container \"$id\". You have to remove (or rename) that container to be able to reuse that name." "$ERR" "create's conflict error"
# What docker's daemon refuses is printed as its CLI prints it.
expect 1 tug logs nosuchcontainer
assert_eq "Error response from daemon: No such container: nosuchcontainer" "$ERR" "logs of a missing container"
expect 1 tug wait nosuchcontainer
assert_eq "Error response from daemon: No such container: nosuchcontainer" "$ERR" "wait for a missing container"

# stop / kill / rm -f.
sleeper=$(uniq_name sleep)
expect 0 tug run -d --name "$sleeper" busybox sleep 1000
expect 0 tug ps --format '{{.Names}} {{.Status}}'
assert_match "$OUT" "$sleeper Up " "ps running"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$sleeper"
expect_out 0 "$sleeper" tug stop -t 1 "$sleeper"
expect_out 0 "137" tug inspect -f '{{.State.ExitCode}}' "$sleeper"
expect 0 tug start "$sleeper"
expect_out 0 "$sleeper" tug kill "$sleeper"
wait_for 10 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}}' $sleeper)\" = exited ]"
expect 0 tug start "$sleeper"
expect 1 tug rm "$sleeper"
expect_out 0 "$sleeper" tug rm -f "$sleeper"
expect 1 tug inspect "$sleeper"

# -d --rm: the monitor removes the container.
gone=$(uniq_name gone)
expect 0 tug run -d --rm --name "$gone" busybox true
wait_for 10 bash -c "! $TUG_BIN inspect $gone"
# rm -f of a running --rm container: its monitor removes it while rm waits; rm succeeds.
gone=$(uniq_name gone)
expect 0 tug run -d --rm --name "$gone" --net=none busybox sleep 1000
expect_out 0 "$gone" tug rm -f "$gone"
assert_eq "" "$ERR" "stderr of rm -f of a --rm container"
expect 1 tug inspect "$gone"
expect_out 0 "$name" tug rm "$name"
