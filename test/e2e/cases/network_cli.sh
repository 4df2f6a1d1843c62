# tug network create/ls/inspect/rm/prune: docker's output and errors, subnets, options, macvlan.
source "$TUG_E2E_LIB/harness.sh"
require_root
require_tug
require_cmd jq ip

# The builtin networks are always there.
expect 0 tug network ls --format '{{.Name}} {{.Driver}} {{.Scope}}'
assert_contains "$OUT" "bridge bridge local"
assert_contains "$OUT" "host host local"
assert_contains "$OUT" "none null local"
expect 0 tug network ls
assert_match "$(head -1 <<<"$OUT")" '^NETWORK ID +NAME +DRIVER +SCOPE$'
expect 1 tug network rm bridge
assert_contains "$ERR" "bridge is a pre-defined network and cannot be removed"

n1=$(uniq_name n)
expect 0 tug network create --label env=test --label team "$n1"
id1=$OUT
assert_match "$id1" '^[0-9a-f]{64}$' "network id"
on_cleanup tug network rm "$n1"
expect 1 tug network create "$n1"
assert_contains "$ERR" "network with name $n1 already exists"
expect 0 tug network inspect "$n1"
assert_json "$OUT" '.[0].Name == "'"$n1"'" and .[0].Driver == "bridge" and .[0].Scope == "local"'
assert_json "$OUT" '.[0].IPAM.Config[0].Subnet | test("^10\\.4\\.[0-9]+\\.0/24$")'
assert_json "$OUT" '.[0].Labels.env == "test" and .[0].Containers == {} and .[0].Internal == false'
subnet1=$(jq -r '.[0].IPAM.Config[0].Subnet' <<<"$OUT")
# The bridge exists with its gateway from create on.
gw1=$(jq -r '.[0].IPAM.Config[0].Gateway' <<<"$OUT")
expect 0 ip -o addr show dev "tug-${id1:0:11}"
assert_contains "$OUT" "$gw1/24"

# A second network gets another /24; an overlapping explicit subnet is refused.
n2=$(uniq_name n)
expect 0 tug network create --internal "$n2"
on_cleanup tug network rm "$n2"
expect_out 0 "true" tug network inspect -f '{{.Internal}}' "$n2"
subnet2=$(tug network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$n2")
assert_ne "$subnet1" "$subnet2" "subnets of two networks"
expect 1 tug network create --subnet "$subnet1" "$(uniq_name n)"
assert_contains "$ERR" "overlaps"

# Explicit subnet, gateway, ip range; outside the 10.4 pool, on a test-only range.
n3=$(uniq_name n)
expect 0 tug network create --subnet 198.18.77.0/24 --gateway 198.18.77.254 --ip-range 198.18.77.128/25 "$n3"
on_cleanup tug network rm "$n3"
expect 0 tug network inspect "$n3"
assert_json "$OUT" '.[0].IPAM.Config[0] == {"Subnet":"198.18.77.0/24","Gateway":"198.18.77.254","IPRange":"198.18.77.128/25"}'
expect 1 tug network create --subnet 198.19.0.0/24 --gateway 10.0.0.1 "$(uniq_name n)"
assert_contains "$ERR" "is not in subnet"
expect 1 tug network create --driver overlay "$(uniq_name n)"
expect 1 tug network create --driver macvlan "$(uniq_name n)"
assert_contains "$ERR" "parent"

# ls: -q, --filter, --no-trunc.
expect 0 tug network ls -q --filter "name=$n1"
assert_eq "${id1:0:12}" "$OUT" "ls -q filtered by name"
expect 0 tug network ls --no-trunc -q --filter label=env=test
assert_eq "$id1" "$OUT" "ls --no-trunc filtered by label"
expect 0 tug network ls --filter type=custom --format '{{.Name}}'
assert_not_contains "$OUT" "bridge"
assert_contains "$OUT" "$n2"

# macvlan on a dummy parent this case creates.
parent=tugd$RANDOM
if ip link add "$parent" type dummy 2>/dev/null; then
    on_cleanup ip link del "$parent"
    expect 0 ip link set "$parent" up
    n4=$(uniq_name mv)
    expect 0 tug network create -d macvlan -o parent="$parent" --subnet 198.18.78.0/24 "$n4"
    expect_out 0 "macvlan" tug network inspect -f '{{.Driver}}' "$n4"
    ns4=$(uniq_name c)
    on_cleanup tug __net-detach "$ns4"
    expect 0 tug __net-attach "$ns4" --network "$n4"
    assert_json "$OUT" '.Endpoints[0].IPv4Address | startswith("198.18.78.")'
    expect 0 tug __net-detach "$ns4"
else
    note "no dummy link type on this kernel: macvlan part not run"
fi

# rm of several, one missing: the others go, exit 1.
expect 1 tug network rm "$n3" no-such-net
assert_eq "$n3" "$OUT" "removed"
assert_contains "$ERR" "network no-such-net not found"
expect 1 tug network inspect "$n3"

# prune removes unused user networks, never builtins.
expect 0 tug network prune -f
assert_contains "$OUT" "Deleted Networks:"
assert_contains "$OUT" "$n1"
expect 1 ip link show "tug-${id1:0:11}"
expect 0 tug network ls --format '{{.Name}}'
assert_eq "bridge
host
none" "$OUT" "networks after prune"
