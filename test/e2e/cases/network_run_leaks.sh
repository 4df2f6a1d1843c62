# tug-e2e: serial
# 20 `tug run -d -p` started at the same moment all get working networking; after rm -f
# of every container (some after their monitor was SIGKILLed) the host is as before: no
# veth, iptables rule, pinned netns or IPAM lease left; `network rm` removes a user
# bridge and its rules.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq iptables-save ip
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || skip "no CNI plugins installed"
fixture_load busybox

snapshot() {
    ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
    iptables-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
    findmnt -rn -o TARGET | grep -F "$TUG_STATE_DIR" | sort || true
    ls "$TUG_STATE_DIR/netns" 2>/dev/null || true
    find "$TUG_DATA_ROOT/network/ipam" /run/tug-cni/ipam -type f ! -name lock ! -name 'last_reserved_ip*' 2>/dev/null | sort || true
}

# Warm up: the default bridge, its shared chains and the fixture exist before the snapshot.
expect 0 tug run --rm -p 127.0.0.1::9 busybox true
before=$(snapshot)

names=()
for i in $(seq 1 20); do names+=("$(uniq_name c)"); done
for n in "${names[@]}"; do on_cleanup tug rm -f "$n"; done
mkdir -p "$TMPDIR/out"
for n in "${names[@]}"; do
    (tug run -d --name "$n" -p 0:80 busybox httpd -f -p 80 -h /etc >"$TMPDIR/out/$n.id" 2>"$TMPDIR/out/$n.err"
        echo $? >"$TMPDIR/out/$n.rc") &
done
wait
ips=()
for n in "${names[@]}"; do
    rc=$(cat "$TMPDIR/out/$n.rc")
    [ "$rc" = 0 ] || fail "run $n exited $rc: $(cat "$TMPDIR/out/$n.err")"
    port=$(tug port "$n" 80 | sed 's/.*://')
    assert_match "$port" '^[0-9]+$' "host port of $n"
    wait_for 5 curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$port/hostname"
    ips+=("$(tug inspect -f '{{.NetworkSettings.IPAddress}}' "$n")")
done
assert_eq 20 "$(printf '%s\n' "${ips[@]}" | sort -u | grep -c '^10\.4\.0\.')" "distinct IPs on 10.4.0.0/24"
expect 0 tug run --rm busybox ping -c 1 -W 3 "${ips[19]}"

# A user network too, so that its bridge and rules are checked.
net=$(uniq_name net)
expect 0 tug network create --subnet 10.231.9.0/24 "$net"
u=$(uniq_name u)
expect 0 tug run -d --name "$u" --net "$net" -p 0:80 busybox httpd -f -p 80 -h /etc
names+=("$u")

# SIGKILL three monitors first (their containers keep running, nothing cleans up), then
# remove everything at once.
for n in "${names[0]}" "${names[1]}" "$u"; do
    id=$(tug inspect -f '{{.Id}}' "$n")
    pid=$(pgrep -f "tug-monitor [^ ]+ $id" | head -1)
    [ -n "$pid" ] || fail "no monitor process for $n"
    kill -KILL "$pid"
done
expect 0 tug rm -f "${names[@]}"
expect 0 tug network rm "$net"
after=$(snapshot)
if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after") >&2 || true
    fail "host state differs after rm -f of every container"
fi
expect_out 0 "" tug ps -aq
