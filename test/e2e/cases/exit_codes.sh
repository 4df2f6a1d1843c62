# Exit codes as install scripts test them, per command as docker's: run 125 when it could
# not run the container (else the container's status), create 125 for its own options,
# every other command 1 on failure; a bad flag 125, a wrong argument count 1.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

missing=$(uniq_name missing)

# Engine errors outside run and create: 1.
expect 1 tug rm "$missing"
assert_contains "$ERR" "No such container: $missing"
expect 1 tug stop "$missing"
assert_contains "$ERR" "No such container: $missing"
expect 1 tug inspect "$missing"
assert_eq "[]" "$OUT" "inspect prints the (empty) array before the error"
assert_contains "$ERR" "No such object: $missing"
# Nothing listens on port 1: the pull fails at once.
expect 1 tug pull "127.0.0.1:1/$missing:1"
printf 'not an archive' >"$TMPDIR/bad.tar"
expect 1 tug load -i "$TMPDIR/bad.tar"
assert_contains "$ERR" "load"
expect 1 tug import --change "BOGUS x" "$TMPDIR/bad.tar"
assert_contains "$ERR" "BOGUS is not a valid change command"
# A bad ps filter fails before any container is looked at (this case's store is empty).
expect 1 tug ps -a --filter "bogus=1"
assert_contains "$ERR" "invalid filter 'bogus'"
expect 1 tug ps --filter "status=sleeping"
assert_contains "$ERR" "Unrecognised filter value for status: sleeping"
net=$(uniq_name net)
expect 0 tug network create "$net"
on_cleanup tug network rm "$net"
expect 1 tug network create "$net"
assert_contains "$ERR" "already exists"

# start: each failure on stderr, then docker's summary and 1; the others still start.
c=$(uniq_name c)
expect 0 tug create --net=none --name "$c" busybox sleep 60
on_cleanup tug rm -f "$c"
expect 1 tug start "$c" "$missing"
assert_eq "$c" "$OUT" "the container that could start"
assert_contains "$ERR" "No such container: $missing"
assert_contains "$ERR" "Error: failed to start containers: $missing"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$c"

# run: 125 when the container could not be run, else the container's own status.
expect 125 tug run --rm --net=none --pull never "$missing:1" true
assert_contains "$ERR" "No such image"
expect 3 tug run --rm --net=none busybox sh -c 'exit 3'

# create: 125 for an option it cannot use, 1 for what the engine refuses.
expect 125 tug create --net=none --pull sometimes busybox true
assert_contains "$ERR" "invalid pull option"
expect 1 tug create --net=none --pull never "$missing:1" true
assert_contains "$ERR" "No such image"
expect 1 tug create --net=none --name "$c" busybox true
assert_contains "$ERR" "is already in use"

# Usage: an unknown flag 125, a wrong number of arguments 1 (even for run).
expect 125 tug rm --bogus "$c"
assert_contains "$ERR" "unknown flag: --bogus"
expect 1 tug rm
assert_contains "$ERR" '"tug rm" requires at least 1 argument.'
expect 1 tug run
assert_contains "$ERR" '"tug run" requires at least 1 argument.'
