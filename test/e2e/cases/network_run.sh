# tug run on networks: a registry container with -p answers on 127.0.0.1 and on the
# host's own address right after run returns; ps PORTS, `tug port` and inspect agree;
# two containers on a user network reach each other by name and alias; --net host sees
# the host's interfaces; --net container: shares one stack; --net none has only lo;
# --dns/--add-host shape the generated files; bad combinations fail like docker's;
# network connect/disconnect of running and stopped containers.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq curl ldd docker-registry ip
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || skip "no CNI plugins installed"
fixture_load busybox
work=$E2E_CASE_DIR/work
mkdir -p "$work"
fixture_registry_image "$work" docker.io/library/registry:2
img_tar "$work/registry.tar" "$work/registry-oci"
expect 0 tug load -i "$work/registry.tar"

# The registry answers right after run returns (its own start-up takes a few ms: the
# loop allows 3 s and the port mapping must already be in place).
port=$(free_port)
reg=$(uniq_name reg)
on_cleanup tug rm -f "$reg"
expect 0 tug run -d --name "$reg" -p "$port:5000" registry:2
answered=false
for _ in $(seq 1 60); do
    if curl -sf --max-time 2 "http://127.0.0.1:$port/v2/" >/dev/null; then answered=true; break; fi
    sleep 0.05
done
assert_eq true "$answered" "registry on 127.0.0.1:$port right after run"
expect_out 0 "{}" curl -sf --max-time 5 "http://127.0.0.1:$port/v2/"
host_ip=$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)
if [ -n "$host_ip" ]; then
    expect 0 curl -sf --max-time 5 "http://$host_ip:$port/v2/"
fi
expect_out 0 "0.0.0.0:$port->5000/tcp" tug ps --filter "name=$reg" --format '{{.Ports}}'
expect_out 0 "5000/tcp -> 0.0.0.0:$port" tug port "$reg"
expect_out 0 "0.0.0.0:$port" tug port "$reg" 5000
expect 1 tug port "$reg" 5001/udp
assert_contains "$ERR" "No public port '5001/udp' published for $reg"
expect 0 tug inspect "$reg"
assert_json "$OUT" ".[0].NetworkSettings.Ports[\"5000/tcp\"][0].HostPort == \"$port\""
assert_json "$OUT" ".[0].HostConfig.PortBindings[\"5000/tcp\"][0].HostPort == \"$port\""
assert_json "$OUT" ".[0].NetworkSettings.IPAddress | test(\"^10\\\\.4\\\\.0\\\\.[0-9]+$\")"
assert_json "$OUT" ".[0].NetworkSettings.Networks.bridge.Gateway == \"10.4.0.1\""
reg_ip=$(jq -r '.[0].NetworkSettings.IPAddress' <<<"$OUT")
# The container's own /etc/hosts names it; other containers on the bridge reach it.
expect 0 tug run --rm busybox wget -qO- "http://$reg_ip:5000/v2/"
assert_eq "{}" "$OUT" "container to container on the default bridge"
# Stopped: the mapping is gone, ps shows no ports, start brings it back.
expect 0 tug stop -t 1 "$reg"
expect nonzero curl -sf --max-time 2 "http://127.0.0.1:$port/v2/"
expect_out 0 "" tug inspect -f '{{.NetworkSettings.IPAddress}}' "$reg"
expect 0 tug start "$reg"
wait_for 5 curl -sf --max-time 1 "http://127.0.0.1:$port/v2/"
# A taken host port is refused with docker's message and leaves nothing behind.
other=$(uniq_name other)
expect 125 tug run -d --name "$other" -p "$port:5000" registry:2
assert_contains "$ERR" "port is already allocated"
expect_out 0 "Created" tug ps -a --filter "name=$other" --format '{{.Status}}'
expect 0 tug rm "$other"

# A user network: names and aliases resolve through /etc/hosts, both ways.
net=$(uniq_name net)
expect 0 tug network create --subnet 10.231.7.0/24 "$net"
on_cleanup tug network rm "$net"
a=$(uniq_name a)
on_cleanup tug rm -f "$a"
expect 0 tug run -d --name "$a" --net "$net" --network-alias alpha --ip 10.231.7.50 busybox sleep 600
expect 0 tug run --rm --net "$net" busybox ping -c 1 -W 3 "$a"
expect 0 tug run --rm --net "$net" busybox ping -c 1 -W 3 alpha
expect 0 tug run --rm --net "$net" busybox sh -c "grep -w alpha /etc/hosts"
assert_contains "$OUT" "10.231.7.50"
expect_out 0 "10.231.7.50" tug inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$a"
expect 0 tug network inspect "$net"
assert_json "$OUT" "[.[0].Containers[] | .Name] | index(\"$a\") != null"
expect 0 tug ps --filter "name=$a" --format '{{.Networks}}'
assert_eq "$net" "$OUT" "ps Networks column"

# network connect/disconnect: a running container on the default bridge joins the user
# network at once (eth1, its alias resolves), keeps it across a restart, and leaves it;
# a stopped container joins at its next start; docker's refusals exit 1.
b=$(uniq_name b)
on_cleanup tug rm -f "$b"
expect 0 tug run -d --name "$b" busybox sleep 600
expect 0 tug network connect --alias beta "$net" "$b"
expect 0 tug exec "$b" ip -4 -o addr show eth1
assert_contains "$OUT" "10.231.7."
expect 0 tug run --rm --net "$net" busybox ping -c 1 -W 3 beta
expect 0 tug inspect -f '{{json .NetworkSettings.Networks}}' "$b"
assert_json "$OUT" "(keys | sort) == ([\"bridge\", \"$net\"] | sort) and .[\"$net\"].Aliases == [\"beta\"]"
expect 1 tug network connect "$net" "$b"
assert_contains "$ERR" "Error response from daemon: endpoint with name $b already exists in network $net"
expect 0 tug restart -t 0 "$b"
expect 0 tug exec "$b" ip -4 -o addr show eth1
assert_contains "$OUT" "10.231.7."
expect 0 tug network disconnect "$net" "$b"
expect 1 tug exec "$b" ip -4 -o addr show eth1
expect 0 tug inspect -f '{{json .NetworkSettings.Networks}}' "$b"
assert_json "$OUT" 'keys == ["bridge"]'
expect 1 tug run --rm --net "$net" busybox ping -c 1 -W 1 beta
expect 1 tug network disconnect "$net" "$b"
assert_contains "$ERR" "is not connected to network $net"
expect 0 tug stop -t 0 "$b"
expect 0 tug network connect "$net" "$b"
expect 0 tug start "$b"
expect 0 tug exec "$b" ip -4 -o addr show eth1
assert_contains "$OUT" "10.231.7."
h=$(uniq_name h)
on_cleanup tug rm -f "$h"
expect 0 tug run -d --name "$h" --net host busybox sleep 600
expect 1 tug network connect "$net" "$h"
assert_contains "$ERR" "container cannot be disconnected from host network or connected to host network"

# --net container: shares a's stack; --net host the host's; --net none only loopback.
expect 0 tug run --rm --net "container:$a" busybox ip -4 -o addr show eth0
assert_contains "$OUT" "10.231.7.50/24"
host_if=$(ip -o link show | awk -F': ' '$2 != "lo" {print $2; exit}' | sed 's/@.*//')
expect 0 tug run --rm --net host busybox ip -o link
assert_contains "$OUT" ": $host_if"
expect 0 tug run --rm --net none busybox ip -o link
assert_eq 1 "$(grep -c . <<<"$OUT")" "--net none has one interface"
assert_contains "$OUT" ": lo:"

# Generated files.
expect 0 tug run --rm --dns 192.0.2.53 --dns-search example.test --add-host db:192.0.2.7 \
    --hostname web busybox sh -c 'cat /etc/resolv.conf; echo ---; cat /etc/hosts; echo ---; hostname'
assert_contains "$OUT" "nameserver 192.0.2.53"
assert_contains "$OUT" "search example.test"
assert_match "$OUT" "192\.0\.2\.7[[:space:]]+db" "--add-host entry"
assert_match "$OUT" "10\.4\.0\.[0-9]+[[:space:]]+web" "own address under the hostname"

# docker's refusals.
expect 125 tug run --rm --net none --net "$net" busybox true
assert_contains "$ERR" "Container cannot be connected to network endpoints"
expect 125 tug run --rm --ip 10.4.0.99 busybox true
assert_contains "$ERR" "user specified IP address is supported on user defined networks only"
expect 125 tug run --rm --net no-such-net busybox true
assert_contains "$ERR" "network no-such-net not found"
expect 125 tug run --rm --net "container:$a" -p 80 busybox true
assert_contains "$ERR" "conflicting options: port publishing and the network mode"
expect 125 tug run --rm -p 99999:80 busybox true
expect_out 0 "" tug ps -aq --filter "name=$other"
