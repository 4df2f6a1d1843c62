# A container's monitor is tug-monitor, the small program installed beside tug; a tug
# without it beside it re-executes itself as `tug __monitor`, and containers still run.
# Either way the monitor is nobody's child: the starting tug has exited.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd pgrep
fixture_load busybox

monitor_cmdline() {  # the monitor of container $1: its argv, one per line
    local pid
    pid=$(tug inspect -f '{{.State.Pid}}' "$1")
    pid=$(awk '{print $4}' "/proc/$pid/stat")
    tr '\0' '\n' <"/proc/$pid/cmdline"
    echo "parent $(cat "/proc/$(awk '{print $4}' "/proc/$pid/stat")/comm")"
}

[ -x "$(dirname "$TUG_BIN")/tug-monitor" ] || fail "tug-monitor is not beside $TUG_BIN"
name=$(uniq_name monprog)
expect 0 tug run -d --net=none --name "$name" busybox sleep 600
on_cleanup tug rm -f "$name"
id=$(tug inspect -f '{{.Id}}' "$name")
cmd=$(monitor_cmdline "$name")
assert_eq "$(dirname "$TUG_BIN")/tug-monitor" "$(head -1 <<<"$cmd")" "monitor program"
assert_contains "$cmd" "$id" "monitor arguments"
assert_not_contains "$cmd" "parent tug" "monitor parent (detached)"
expect 0 tug rm -f "$name"

# tug alone in a directory: the monitor is tug itself.
alone=$(mktemp -d)
on_cleanup rm -rf "$alone"
cp "$TUG_BIN" "$alone/tug"
name2=$(uniq_name monalone)
TUG_BIN=$alone/tug expect 0 tug run -d --net=none --name "$name2" busybox sleep 600
on_cleanup tug rm -f "$name2"
cmd=$(monitor_cmdline "$name2")
assert_contains "$cmd" "__monitor" "fallback monitor arguments"
expect_out 0 "running" tug inspect -f '{{.State.Status}}' "$name2"
expect 0 tug stop -t 1 "$name2"
expect_out 0 "exited" tug inspect -f '{{.State.Status}}' "$name2"
