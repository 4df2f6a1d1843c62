# Health checks run by the monitor: --health-* flags and an image's HEALTHCHECK (merged
# per field), starting -> healthy / unhealthy with FailingStreak and a Log, docker's
# timeout output, the start period, no checks while paused, --no-healthcheck, ps
# "(healthy)" and --filter health=, health kept after stop and reset on restart; and a
# restart backoff that tug stop ends at once.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load busybox

health_of() { tug inspect -f '{{.State.Health.Status}}' "$1"; }
# Waits until the container's health status is $2.
wait_health() {
    wait_for 30 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Health.Status}}' $1)\" = '$2' ]"
}

# A passing check: starting at first, healthy after its first run at 1s.
ok=$(uniq_name hok)
expect 0 tug run -d --net=none --name "$ok" --health-cmd true --health-interval 1s busybox sleep 1000
on_cleanup tug rm -f "$ok"
expect 0 tug inspect -f '{{json .Config.Healthcheck}}' "$ok"
assert_json "$OUT" '. == {"Test":["CMD-SHELL","true"],"Interval":1000000000}'
expect 0 tug ps --filter "name=$ok" --format '{{.Status}}'
assert_match "$OUT" '^Up .*\((health: starting|healthy)\)$' "ps status of a new container"
wait_health "$ok" healthy
expect 0 tug ps --filter "name=$ok" --format '{{.Status}}'
assert_match "$OUT" '^Up .* \(healthy\)$' "ps status once healthy"
expect 0 tug inspect "$ok"
assert_json "$OUT" '.[0].State.Health | .Status == "healthy" and .FailingStreak == 0 and (.Log | length >= 1)'
assert_json "$OUT" '.[0].State.Health.Log[-1] | .ExitCode == 0 and .Output == "" and (.Start | test("^20")) and (.End | test("^20"))'

# A failing check: unhealthy after --health-retries consecutive failures.
bad=$(uniq_name hbad)
expect 0 tug run -d --net=none --name "$bad" --health-cmd false --health-retries 2 --health-interval 1s busybox sleep 1000
on_cleanup tug rm -f "$bad"
wait_health "$bad" unhealthy
expect 0 tug inspect "$bad"
assert_json "$OUT" '.[0].State.Health | .FailingStreak >= 2 and (.Log | length >= 2) and all(.Log[]; .ExitCode == 1)'
expect 0 tug ps --filter "name=$bad" --format '{{.Status}}'
assert_match "$OUT" '^Up .* \(unhealthy\)$' "ps status once unhealthy"
# The log keeps the last five results.
wait_for 30 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Health.FailingStreak}}' $bad)\" -ge 6 ]"
expect 0 tug inspect "$bad"
assert_json "$OUT" '.[0].State.Health.Log | length == 5'

# A check past its timeout is killed: ExitCode -1 and docker's words.
slow=$(uniq_name hslow)
expect 0 tug run -d --net=none --name "$slow" --health-cmd 'sleep 5' --health-timeout 1s \
    --health-interval 1s --health-retries 1 busybox sleep 1000
on_cleanup tug rm -f "$slow"
wait_health "$slow" unhealthy
expect 0 tug inspect "$slow"
assert_json "$OUT" '.[0].State.Health.Log[0] | .ExitCode == -1 and .Output == "Health check exceeded timeout (1s)"'
assert_json "$OUT" '.[0].State.Health.Log[0] | ((.End | sub("\\.[0-9]+";"") | sub("Z$";"Z") | fromdateiso8601) - (.Start | sub("\\.[0-9]+";"") | fromdateiso8601)) < 4'
# The killed check is gone from the container (sleep 1000 and at most the next check remain).
expect 0 tug exec "$slow" ps -o pid,args
[ "$(grep -c 'sleep 5' <<<"$OUT")" -le 1 ] || fail "timed-out checks pile up: $OUT"

# Failures within the start period do not count: still starting, streak 0, but logged.
grace=$(uniq_name hgrace)
expect 0 tug run -d --net=none --name "$grace" --health-cmd 'echo not yet; exit 3' --health-retries 1 \
    --health-interval 1s --health-start-period 60s --health-start-interval 1s busybox sleep 1000
on_cleanup tug rm -f "$grace"
wait_for 30 bash -c "[ \"\$($TUG_BIN inspect -f '{{len .State.Health.Log}}' $grace)\" -ge 2 ]"
expect 0 tug inspect "$grace"
assert_json "$OUT" '.[0].State.Health | .Status == "starting" and .FailingStreak == 0'
assert_json "$OUT" '.[0].State.Health.Log[0] | .ExitCode == 3 and .Output == "not yet\n"'
expect 0 tug ps --filter "name=$grace" --format '{{.Status}}'
assert_match "$OUT" '^Up .* \(health: starting\)$' "ps status in the start period"

# An image's HEALTHCHECK (CMD form), merged per field with the flags.
fx=$(fixtures_dir)
img=docker.io/library/$(uniq_name hcimg):1
fixture_image "$E2E_CASE_DIR/hc-oci" "$img" \
    '{"Cmd":["sh"],"Healthcheck":{"Test":["CMD","sh","-c","echo from-image"],"Interval":1000000000,"Timeout":5000000000,"Retries":7}}' \
    "$fx/layers/base.tar.gz"
fixture_docker_archive "$E2E_CASE_DIR/hc.tar" "$img" "$E2E_CASE_DIR/hc-oci"
expect 0 tug load -i "$E2E_CASE_DIR/hc.tar"
fromimg=$(uniq_name himg)
expect 0 tug run -d --net=none --name "$fromimg" --health-retries 2 "$img" sleep 1000
on_cleanup tug rm -f "$fromimg"
expect 0 tug inspect -f '{{json .Config.Healthcheck}}' "$fromimg"
assert_json "$OUT" '. == {"Test":["CMD","sh","-c","echo from-image"],"Interval":1000000000,"Timeout":5000000000,"Retries":2}'
wait_health "$fromimg" healthy
expect 0 tug inspect "$fromimg"
assert_json "$OUT" '.[0].State.Health.Log[-1] | .ExitCode == 0 and .Output == "from-image\n"'

# import --change HEALTHCHECK (shell form, flags) gives an image whose containers check.
expect 0 tug export -o "$E2E_CASE_DIR/rootfs.tar" "$fromimg"
imported=$(uniq_name hcimport):1
expect 0 tug import --change 'HEALTHCHECK --interval=1s --retries=1 CMD echo imported $HOSTNAME' \
    --change 'CMD ["sleep", "1000"]' "$E2E_CASE_DIR/rootfs.tar" "$imported"
expect 0 tug image inspect -f '{{json .Config.Healthcheck}}' "$imported"
assert_json "$OUT" '. == {"Test":["CMD-SHELL","echo imported $HOSTNAME"],"Interval":1000000000,"Retries":1}'
imp=$(uniq_name himp)
expect 0 tug run -d --net=none --name "$imp" --hostname probe-host "$imported"
on_cleanup tug rm -f "$imp"
wait_health "$imp" healthy
expect 0 tug inspect "$imp"
assert_json "$OUT" '.[0].State.Health.Log[-1].Output == "imported probe-host\n"'
expect nonzero tug import --change 'HEALTHCHECK PING localhost' "$E2E_CASE_DIR/rootfs.tar" "$imported"
assert_contains "$ERR" 'Unknown type "PING" in HEALTHCHECK (try CMD)'

# No checks run while the container is paused; they resume on unpause.
last_end() { tug inspect -f '{{with .State.Health}}{{range .Log}}{{.End}} {{end}}{{end}}' "$1"; }
expect 0 tug pause "$fromimg"
sleep 1.5
frozen=$(last_end "$fromimg")
sleep 2.5
expect_out 0 "$frozen" last_end "$fromimg"
expect 0 tug ps --filter "name=$fromimg" --format '{{.Status}}'
assert_match "$OUT" '^Up .* \(Paused\)$' "ps status while paused"
expect 0 tug unpause "$fromimg"
wait_for 30 bash -c "[ \"\$($TUG_BIN inspect -f '{{with .State.Health}}{{range .Log}}{{.End}} {{end}}{{end}}' $fromimg)\" != '$frozen' ]"
expect_out 0 "healthy" health_of "$fromimg"

# --no-healthcheck disables the image's: no State.Health, no suffix in ps.
nohc=$(uniq_name hnone)
expect 0 tug run -d --net=none --name "$nohc" --no-healthcheck "$img" sleep 1000
on_cleanup tug rm -f "$nohc"
expect 0 tug inspect "$nohc"
assert_json "$OUT" '.[0].Config.Healthcheck.Test == ["NONE"] and (.[0].State | has("Health") | not)'
sleep 1.5
expect 0 tug inspect "$nohc"
assert_json "$OUT" '.[0].State | has("Health") | not'
expect 0 tug ps --filter "name=$nohc" --format '{{.Status}}'
assert_match "$OUT" '^Up [^(]*$' "ps status without a health check"
expect 125 tug run -d --net=none --no-healthcheck --health-interval 1s busybox true
assert_contains "$ERR" "--no-healthcheck conflicts with --health-* options"
expect 125 tug run -d --net=none --health-interval soon busybox true
assert_contains "$ERR" 'invalid argument "soon" for "--health-interval" flag: time: invalid duration "soon"'

# ps --filter health=...
ps_names() { tug ps --filter "health=$1" --format '{{.Names}}' | sort | tr '\n' ' '; }
expect 0 ps_names healthy
assert_contains "$OUT" "$ok " && assert_contains "$OUT" "$fromimg "
assert_not_contains "$OUT" "$bad"
expect 0 ps_names unhealthy
assert_contains "$OUT" "$bad " && assert_contains "$OUT" "$slow "
assert_not_contains "$OUT" "$ok"
expect_out 0 "$grace " ps_names starting
expect 0 ps_names none
assert_contains "$OUT" "$nohc "
assert_not_contains "$OUT" "$ok"
expect nonzero tug ps --filter health=sick
assert_contains "$ERR" "Unrecognised filter value for health: sick"

# After a stop the last health stays in inspect; a restart resets it to starting.
expect_out 0 "$ok" tug stop -t 1 "$ok"
expect_out 0 "healthy" health_of "$ok"
expect 0 tug ps -a --filter "name=$ok" --format '{{.Status}}'
assert_match "$OUT" '^Exited ' "ps status of a stopped container"
logs_before=$(tug inspect -f '{{len .State.Health.Log}}' "$bad")
expect 0 tug restart -t 1 "$bad"
expect 0 tug inspect "$bad"
assert_json "$OUT" ".[0].State.Health | .Status == \"starting\" and (.Log | length >= $logs_before)"
wait_health "$bad" unhealthy

# A restart backoff ends at once on tug stop: at RestartCount 6 the monitor waits 3.2 s
# before the next start; the stop does not wait for it and the container stays down.
loop=$(uniq_name hloop)
expect 0 tug run -d --net=none --restart=always --name "$loop" busybox sh -c 'exit 1'
on_cleanup tug rm -f "$loop"
wait_for 60 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Status}} {{.RestartCount}}' $loop)\" = 'restarting 6' ]"
t0=$EPOCHREALTIME
expect_out 0 "$loop" tug stop "$loop"
t1=$EPOCHREALTIME
ms=$(( (${t1/./} - ${t0/./}) / 1000 ))
log "stop during the backoff took ${ms} ms"
[ "$ms" -lt 2000 ] || fail "tug stop waited out the restart backoff (${ms} ms)"
expect_out 0 "exited 6 false" tug inspect -f '{{.State.Status}} {{.RestartCount}} {{.State.Restarting}}' "$loop"
sleep 4
expect_out 0 "exited 6 false" tug inspect -f '{{.State.Status}} {{.RestartCount}} {{.State.Restarting}}' "$loop"
