# json-file log options are checked when the container is created, with the messages of
# docker's json-file driver; a bad value never reaches the monitor, so nothing of the
# container (record, rootfs mount, network namespace) is left behind. Good values rotate.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

# Mounts under this case's data root or state dir (rootfs overlays, pinned netns).
case_mounts() { grep -E " ($TUG_DATA_ROOT|$TUG_STATE_DIR)[/ ]" /proc/self/mountinfo || true; }

# docker's json-file driver: strconv.Atoi's error, then its own range checks.
bad=$(uniq_name badfile)
expect 125 tug run -d --name "$bad" --log-opt max-file=abc busybox true
assert_contains "$ERR" 'strconv.Atoi: parsing "abc": invalid syntax'
expect_out 0 "" tug ps -aq --filter "name=$bad"
assert_eq "" "$(case_mounts)" "mounts left by a rejected max-file"

expect 125 tug run -d --name "$bad" --log-opt max-file=0 busybox true
assert_contains "$ERR" "max-file cannot be less than 1"
expect 125 tug run -d --name "$bad" --log-opt max-file=99999999999999999999 busybox true
assert_contains "$ERR" 'strconv.Atoi: parsing "99999999999999999999": value out of range'
expect 125 tug run -d --name "$bad" --log-opt max-size=abc busybox true
assert_contains "$ERR" "invalid size: 'abc'"
expect 125 tug run -d --name "$bad" --log-opt max-size=0 busybox true
assert_contains "$ERR" "max-size must be a positive number"
expect 125 tug run -d --name "$bad" --log-opt colour=blue busybox true
assert_contains "$ERR" "unknown log opt 'colour' for json-file log driver"
# create checks the same way.
expect nonzero tug create --name "$bad" --log-opt max-file=x1 busybox true
assert_contains "$ERR" 'strconv.Atoi: parsing "x1": invalid syntax'
expect_out 0 "" tug ps -aq --filter "name=$bad"
assert_eq "" "$(case_mounts)" "mounts left by rejected log options"

# Valid options work: max-size with docker's units, rotation keeps max-file files.
good=$(uniq_name goodlog)
expect 0 tug run --name "$good" --net=none --log-opt max-size=1k --log-opt max-file=2 busybox \
    sh -c 'i=0; while [ $i -lt 200 ]; do echo "line $i of the rotation test"; i=$((i+1)); done'
on_cleanup tug rm -f "$good"
expect_out 0 '{"max-file":"2","max-size":"1k"}' tug inspect -f '{{json .HostConfig.LogConfig.Config}}' "$good"
expect 0 tug inspect -f '{{.LogPath}}' "$good"
log=$OUT
[ -s "$log" ] || fail "no log file at $log"
[ -s "$log.1" ] || fail "max-size=1k max-file=2 did not rotate $log"
[ ! -e "$log.2" ] || fail "max-file=2 kept a third file"
