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
expect 1 tug container prune -f --filter color=red
assert_contains "$ERR" "invalid filter 'color'"

# ---- --cidfile: the bare id; an existing file refuses the run; a failed create gives it back ----
cid=$E2E_CASE_DIR/cid
c1=$(uniq_name cid)
expect 0 tug run -d --net=none --name "$c1" --cidfile "$cid" busybox sleep 1000
on_cleanup tug rm -f "$c1"
assert_eq "$OUT" "$(cat "$cid")" "cidfile content"
assert_eq "$(stat -c %s "$cid")" 64 "cidfile size (no newline)"
expect_out 0 "$cid" tug inspect -f '{{.HostConfig.ContainerIDFile}}' "$c1"
expect 0 tug ps -aq
count=$(wc -l <<<"$OUT")
expect 125 tug run -d --net=none --cidfile "$cid" busybox true
assert_contains "$ERR" "container ID file found, make sure the other container isn't running or delete $cid"
expect 0 tug ps -aq
assert_eq "$count" "$(wc -l <<<"$OUT")" "containers after the refused run"
expect 1 tug create --cidfile "$cid.2" --pull never no-such-image-here:1
[ ! -e "$cid.2" ] || fail "cidfile left behind by a failed create"
c2=$(uniq_name cid)
expect 0 tug create --net=none --name "$c2" --cidfile "$cid.3" busybox true
on_cleanup tug rm -f "$c2"
assert_eq "$OUT" "$(cat "$cid.3")" "cidfile of create"

# ---- --label-file: lines, comments and blanks skipped, --label overrides ----
lf=$E2E_CASE_DIR/labels
printf '# a comment\n\n   tier=db\nowner=ops\nflag\nurl=a=b\n' >"$lf"
c3=$(uniq_name labels)
expect 0 tug create --net=none --name "$c3" --label-file "$lf" --label owner=me busybox true
on_cleanup tug rm -f "$c3"
expect 0 tug inspect -f '{{json .Config.Labels}}' "$c3"
assert_json "$OUT" 'del(."org.tug.fixture") == {"tier":"db","owner":"me","flag":"","url":"a=b"}'
printf 'bad key=x\n' >"$lf.bad"
expect 125 tug create --net=none --label-file "$lf.bad" busybox true
assert_contains "$ERR" "variable 'bad key' contains whitespaces"
expect 125 tug create --net=none --label-file "$lf.missing" busybox true
assert_contains "$ERR" "$lf.missing"

# ---- --init: docker-init (tini) is PID 1, the command its child; signals reach it ----
expect_out 0 "/sbin/docker-init -- sh -c tr '\0' ' ' </proc/1/cmdline " \
    tug run --rm --net=none --init busybox sh -c "tr '\0' ' ' </proc/1/cmdline"
expect 0 tug run --rm --net=none --init busybox ps -o pid,comm
assert_match "$OUT" $'\n *1 docker-init' "ps inside with --init"
c4=$(uniq_name init)
expect 0 tug run -d --net=none --init --name "$c4" busybox sleep 1000
on_cleanup tug rm -f "$c4"
expect_out 0 "true" tug inspect -f '{{.HostConfig.Init}}' "$c4"
expect_out 0 "sleep 1000" tug inspect -f '{{.Path}} {{join .Args " "}}' "$c4"
# Without an init, sleep as PID 1 ignores SIGTERM and stop needs SIGKILL (137); tini
# passes SIGTERM on and sleep dies of it (143).
expect_out 0 "$c4" tug stop -t 5 "$c4"
expect_out 0 "143" tug inspect -f '{{.State.ExitCode}}' "$c4"

# ---- -a/--attach: only the named streams are relayed ----
expect 0 tug run --rm --net=none -a stdout busybox sh -c 'echo out; echo err >&2'
assert_eq "out" "$OUT" "stdout with -a stdout"
assert_eq "" "$ERR" "stderr with -a stdout"
expect 0 tug run --rm --net=none -a stderr busybox sh -c 'echo out; echo err >&2'
assert_eq "" "$OUT" "stdout with -a stderr"
assert_eq "err" "$ERR" "stderr with -a stderr"
expect 0 tug run --rm --net=none -a STDOUT -a stderr busybox sh -c 'echo out; echo err >&2'
assert_eq "out" "$OUT" "stdout with -a STDOUT -a stderr"
assert_eq "err" "$ERR" "stderr with -a STDOUT -a stderr"
expect 3 tug run --rm --net=none -a stdout busybox sh -c 'exit 3'
expect 0 bash -c "echo piped | $TUG_BIN run --rm --net=none -i -a stdin -a stdout busybox cat"
assert_eq "piped" "$OUT" "stdin relayed with -i -a stdin"
c5=$(uniq_name attach)
expect 0 tug create --net=none --name "$c5" -a stdout busybox true
on_cleanup tug rm -f "$c5"
expect_out 0 "false true false" tug inspect -f '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}' "$c5"
expect 125 tug run --rm --net=none -a bogus busybox true
assert_contains "$ERR" 'valid streams are STDIN, STDOUT and STDERR'
expect 1 tug run -d --net=none -a stdout busybox true
assert_contains "$ERR" "Conflicting options: -a and -d"
