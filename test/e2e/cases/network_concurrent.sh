# 20 attaches to the default bridge started at the same moment: distinct IPs and ports,
# working networking in each, and after detaching them all nothing is left behind.
# tug-e2e: serial
source "$TUG_E2E_LIB/harness.sh"
require_root
require_tug
require_cmd iptables-save nsenter busybox jq ip
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || skip "no CNI plugins installed"

snapshot() {
    ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
    iptables-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
    findmnt -rn -o TARGET | grep -F "$TUG_STATE_DIR" | sort || true
    find "$TUG_DATA_ROOT/network/ipam" /run/tug-cni/ipam -type f ! -name lock ! -name 'last_reserved_ip*' 2>/dev/null | sort || true
}

warm=$(uniq_name warm)
expect 0 tug __net-attach "$warm" -p 127.0.0.1::9
expect 0 tug __net-detach "$warm"
before=$(snapshot)

ids=()
for i in $(seq 1 20); do ids+=("$(uniq_name c)"); done
mkdir -p "$TMPDIR/out"
for id in "${ids[@]}"; do
    (tug __net-attach "$id" -p 0:80 >"$TMPDIR/out/$id.json" 2>"$TMPDIR/out/$id.err"; echo $? >"$TMPDIR/out/$id.rc") &
done
wait
for id in "${ids[@]}"; do
    on_cleanup tug __net-detach "$id"
done

ips=()
ports=()
for id in "${ids[@]}"; do
    rc=$(cat "$TMPDIR/out/$id.rc")
    [ "$rc" = 0 ] || fail "attach $id exited $rc: $(cat "$TMPDIR/out/$id.err")"
    json=$(cat "$TMPDIR/out/$id.json")
    ips+=("$(jq -r '.Endpoints[0].IPv4Address' <<<"$json" | cut -d/ -f1)")
    ports+=("$(jq -r '.Ports[0].HostPort' <<<"$json")")
    ns=$(jq -r .NetNS <<<"$json")
    expect 0 nsenter --net="$ns" busybox ping -c 1 -W 3 10.4.0.1
done
assert_eq 20 "$(printf '%s\n' "${ips[@]}" | sort -u | grep -c '^10\.4\.0\.')" "distinct IPs on 10.4.0.0/24"
assert_eq 20 "$(printf '%s\n' "${ports[@]}" | sort -u | grep -c '^[1-9][0-9]*$')" "distinct host ports"

# Neighbours reach each other across the bridge.
first_ns=$(jq -r .NetNS "$TMPDIR/out/${ids[0]}.json")
expect 0 nsenter --net="$first_ns" busybox ping -c 1 -W 3 "${ips[19]}"

# Detach concurrently too.
for id in "${ids[@]}"; do tug __net-detach "$id" & done
wait
after=$(snapshot)
if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after") >&2 || true
    fail "host state differs after 20 detaches"
fi
expect_out 0 "" ls "$TUG_STATE_DIR/netns"
