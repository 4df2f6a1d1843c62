# tug exec: output, exit status, 126/127, -e/--env-file/-w/-u/-i/-t/-d/--privileged, a
# stopped container, and the k8s.io namespace.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load busybox

c=$(uniq_name exec)
expect 0 tug run -d --net=none --name "$c" -e CENV=from-run -w /tmp busybox sleep 1000
id=$OUT

# Output, status, the container's env and cwd, docker's HOME and HOSTNAME.
expect_out 0 "hi" tug exec "$c" echo hi
expect 3 tug exec "$c" sh -c 'echo out; echo err >&2; exit 3'
assert_eq "out" "$OUT" "exec stdout"
assert_eq "err" "$ERR" "exec stderr"
expect_out 0 "from-run /tmp /root ${id:0:12}" tug exec "$c" sh -c 'echo $CENV $(pwd) $HOME $HOSTNAME'
expect_out 0 "" tug exec "$c" sh -c 'echo ${TERM:-}'

# Commands that cannot run: docker's 127 and 126.
expect 127 tug exec "$c" no-such-command
assert_contains "$ERR" "executable file not found"
# Said once: runc's line on the shared stderr, no second copy from tug.
assert_eq 1 "$(grep -c 'executable file not found' <<<"$ERR")" "the error is printed once"
expect 126 tug exec "$c" /etc/passwd
assert_contains "$ERR" "permission denied"

# -e, --env-file (file first, -e wins), -w, -u.
envf=$TMPDIR/env.list
printf 'FROMFILE=f1\nBOTH=file\n# comment\n' >"$envf"
expect_out 0 "v1 f1 flag from-run" tug exec -e A=v1 --env-file "$envf" -e BOTH=flag "$c" sh -c 'echo $A $FROMFILE $BOTH $CENV'
expect_out 0 "replaced" tug exec -e CENV=replaced "$c" sh -c 'echo $CENV'
expect_out 0 "/home" tug exec -w /home "$c" pwd
expect_out 0 "1000 1000 1000 1001 /home/tug" tug exec -u tug "$c" sh -c 'echo $(id -u) $(id -g) $(id -G) $HOME'
expect_out 0 "1000 0" tug exec -u 1000:0 "$c" sh -c 'echo $(id -u) $(id -g)'
expect 126 tug exec -u nosuchuser "$c" true
assert_contains "$ERR" "unable to find user nosuchuser"

# stdin: only with -i.
expect_out 0 "piped" bash -c "echo piped | '$TUG_BIN' exec -i '$c' cat"
expect_out 0 "" bash -c "echo piped | '$TUG_BIN' exec '$c' cat"

# -t: a pty (CRLF line ends, TERM=xterm); -d returns at once, the process runs on.
expect 0 tug exec -t "$c" sh -c 'test -t 1 && echo "tty $TERM"'
assert_eq "tty xterm" "$(printf '%s' "$OUT" | tr -d '\r')" "exec -t output"
expect_out 0 "" tug exec -d "$c" sh -c 'sleep 0.5; echo done >/tmp/detached'
wait_for 10 "$TUG_BIN" exec "$c" test -f /tmp/detached
expect_out 0 "done" tug exec "$c" cat /tmp/detached

# --privileged gets every capability.
expect 0 tug exec "$c" sh -c 'grep CapEff /proc/self/status'
plain=$OUT
expect 0 tug exec --privileged "$c" sh -c 'grep CapEff /proc/self/status'
assert_ne "$plain" "$OUT" "CapEff with --privileged"
# A strict superset of the default set (the host's bounding set may lack a capability).
plain_hex=$(awk '{print $2}' <<<"$plain")
priv_hex=$(awk '{print $2}' <<<"$OUT")
assert_eq "$((16#$plain_hex))" "$(((16#$priv_hex) & (16#$plain_hex)))" "default caps within privileged caps"

# Errors: usage, a missing container, a stopped one.
expect 1 tug exec "$c"
assert_contains "$ERR" '"tug exec" requires at least 2 arguments.'
expect 1 tug exec no-such-container-x true
assert_contains "$ERR" "No such container: no-such-container-x"
expect 0 tug stop -t 1 "$c"
expect 1 tug exec "$c" true
assert_contains "$ERR" "Error response from daemon: container $id is not running"

# The k8s.io namespace (operators debugging a node) works the same way.
fx=$(fixtures_dir)
expect 0 tug -n k8s.io load -i "$fx/busybox-docker.tar"
k=$(uniq_name k8s)
expect 0 tug -n k8s.io run -d --net=none --name "$k" busybox sleep 1000
expect_out 0 "in-k8s" tug -n k8s.io exec "$k" echo in-k8s
expect 1 tug exec "$k" true
expect 0 tug -n k8s.io rm -f "$k"
expect 0 tug rm -f "$c"
