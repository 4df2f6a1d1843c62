# Two netns on a user network (tug __net-attach, the run path's attach): ping by IP, names in
# /etc/hosts, a published port on 127.0.0.1 and the host's address, rm refused while in use,
# and after detach + network rm nothing is left (links, iptables, mounts, leases, netns).
# tug-e2e: serial
source "$TUG_E2E_LIB/harness.sh"
require_root
require_tug
require_cmd iptables-save nsenter curl busybox jq ip
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || skip "no CNI plugins installed"

host_ip=$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)
[ -n "$host_ip" ] || skip "no global IPv4 address on the host"

snapshot() {
    {
        echo "== links"
        ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
        echo "== iptables"
        iptables-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
        echo "== mounts"
        findmnt -rn -o TARGET | grep -F "$TUG_STATE_DIR" | sort || true
        echo "== netns"
        ls "$TUG_STATE_DIR/netns" 2>/dev/null | sort || true
        echo "== leases"
        find "$TUG_DATA_ROOT/network/ipam" /run/tug-cni/ipam -type f ! -name lock ! -name 'last_reserved_ip*' 2>/dev/null | sort || true
        echo "== cache"
        find "$TUG_DATA_ROOT/network/cni-cache" -type f 2>/dev/null | sort || true
    }
}

net=$(uniq_name net)
expect 0 tug network create "$net"
net_id=$OUT
dev=tug-${net_id:0:11}
expect 0 ip link show "$dev"

# Warm up once so the plugins' shared chains (CNI-FORWARD, CNI-HOSTPORT-*) exist before the
# baseline: they are global and stay, like with every CNI runtime.
warm=$(uniq_name warm)
expect 0 tug __net-attach "$warm" --network "$net" --network bridge -p 127.0.0.1::9
expect 0 tug __net-detach "$warm"
# Outbound NAT is one rule per network, like docker's, set up with its first endpoint.
expect 0 iptables -t nat -S POSTROUTING
assert_contains "$OUT" "! -o $dev -m comment --comment \"tug $dev\" -j MASQUERADE"
before=$(snapshot)

a=$(uniq_name a)
b=$(uniq_name b)
mkdir -p "$TMPDIR/a" "$TMPDIR/b"
on_cleanup tug network rm "$net"
on_cleanup tug __net-detach "$a" "$b"
expect 0 tug __net-attach "$a" --name web --hostname ha --network "$net" --network-alias www -p 0:8080 \
    --hosts-file "$TMPDIR/a/hosts" --resolv-file "$TMPDIR/a/resolv.conf" --add-host gw:host-gateway
att_a=$OUT
assert_json "$att_a" '.Endpoints[0].IPv4Address | test("^10\\.4\\.")'
ns_a=$(jq -r .NetNS <<<"$att_a")
ip_a=$(jq -r '.Endpoints[0].IPv4Address' <<<"$att_a" | cut -d/ -f1)
gw=$(jq -r '.Endpoints[0].Gateway' <<<"$att_a")
port=$(jq -r '.Ports[0].HostPort' <<<"$att_a")
assert_match "$port" '^[0-9]+$' "allocated host port"
assert_ne 0 "$port" "allocated host port"
assert_eq "0.0.0.0:$port->8080/tcp" "$(jq -r .PortsText <<<"$att_a")" "ports text"

expect 0 tug __net-attach "$b" --name db --hostname hb --network "$net" --hosts-file "$TMPDIR/b/hosts"
ip_b=$(jq -r '.Endpoints[0].IPv4Address' <<<"$OUT" | cut -d/ -f1)
ns_b=$(jq -r .NetNS <<<"$OUT")
assert_ne "$ip_a" "$ip_b" "two containers' addresses"

# Each netns has lo up and eth0 with its address.
expect 0 nsenter --net="$ns_a" ip -o addr show dev eth0
assert_contains "$OUT" "$ip_a/"
expect 0 nsenter --net="$ns_a" ip -o link show dev lo
assert_contains "$OUT" "UP"
expect 0 nsenter --net="$ns_a" busybox ping -c 1 -W 3 "$ip_b"
expect 0 nsenter --net="$ns_b" busybox ping -c 1 -W 3 "$ip_a"

# Forwarding between two bridges under a DROP policy (a host running docker has one):
# the networks' own rules let a container's traffic out and the replies back in.
fw=$(uniq_name fw)
on_cleanup tug __net-detach "$fw"
expect 0 tug __net-attach "$fw" --network bridge
ip_fw=$(jq -r '.Endpoints[0].IPv4Address' <<<"$OUT" | cut -d/ -f1)
policy=$(iptables -S FORWARD | awk '$1 == "-P" {print $3}')
on_cleanup iptables -P FORWARD "$policy"
expect 0 iptables -P FORWARD DROP
expect 0 nsenter --net="$ns_a" busybox ping -c 1 -W 3 "$ip_fw"
expect 0 iptables -P FORWARD "$policy"
expect 0 tug __net-detach "$fw"

# /etc/hosts: own name, peers by name and alias (updated when b arrived), host-gateway.
hosts_a=$(cat "$TMPDIR/a/hosts")
assert_contains "$hosts_a" "$ip_a	ha"
assert_contains "$hosts_a" "$ip_b	db"
assert_contains "$hosts_a" "$gw	gw"
assert_contains "$(cat "$TMPDIR/b/hosts")" "$ip_a	web www"
assert_contains "$(cat "$TMPDIR/a/resolv.conf")" "nameserver"

# A published port answers on 127.0.0.1 and on the host's own address.
mkdir -p "$TMPDIR/www"
echo "hello-from-$a" >"$TMPDIR/www/index.html"
bg nsenter --net="$ns_a" busybox httpd -f -p 8080 -h "$TMPDIR/www"
wait_for 10 nsenter --net="$ns_a" busybox wget -q -O /dev/null "http://127.0.0.1:8080/"
expect_out 0 "hello-from-$a" curl -sf --max-time 5 "http://127.0.0.1:$port/"
expect_out 0 "hello-from-$a" curl -sf --max-time 5 "http://$host_ip:$port/"
# ... and from the other container, through the host's address (hairpin/DNAT).
expect 0 nsenter --net="$ns_b" busybox wget -q -O - "http://$host_ip:$port/"
assert_eq "hello-from-$a" "$OUT" "page fetched from b"

# The same explicit host port cannot be published twice.
c=$(uniq_name c)
expect 125 tug __net-attach "$c" --network "$net" -p "$port:80"
assert_contains "$ERR" "port is already allocated"
expect_out 1 "" test -e "$TUG_STATE_DIR/netns/$c"

# inspect lists both; rm is refused while they are attached.
expect 0 tug network inspect "$net"
assert_json "$OUT" ".[0].Containers | length == 2"
assert_json "$OUT" ".[0].Containers[\"$a\"].Name == \"web\""
expect 1 tug network rm "$net"
assert_contains "$ERR" "error while removing network: network $net id $net_id has active endpoints"

# connect/disconnect: b joins the default bridge as eth1 and leaves again.
expect 0 tug network connect bridge "$b"
expect 0 nsenter --net="$ns_b" ip -o addr show dev eth1
assert_contains "$OUT" "10.4.0."
expect 0 tug network disconnect bridge "$b"
expect 1 nsenter --net="$ns_b" ip link show dev eth1

kill "$BG_PID" 2>/dev/null || true
expect 0 tug __net-detach "$a" "$b"
expect 0 tug __net-detach "$a"  # idempotent
after=$(snapshot)
if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after") >&2 || true
    fail "host state differs after detach"
fi

expect 0 tug network rm "$net"
expect 1 ip link show "$dev"
expect 1 tug network inspect "$net"
expect 0 iptables -t nat -S POSTROUTING
assert_not_contains "$OUT" "tug $dev"
