#!/usr/bin/env bash
# Resource limits as the container's cgroup shows them (cgroup v1 or v2), docker's
# checks of the flags, --kernel-memory ignored with a warning, and `tug update` on a
# running container.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load probe

mib=$((1024 * 1024))
expect 0 tug run --rm --net=none --memory 64m --memory-reservation 32m --cpus 1.5 --cpu-shares 512 \
    --pids-limit 77 --cpuset-cpus 0 probe
assert_json "$OUT" ".cgroup.memory_limit == $((64 * mib)) and .cgroup.pids_max == 77 and .cgroup.cpu_quota == 150000 and .cgroup.cpu_period == 100000"
assert_json "$OUT" '.cgroup.cpuset_cpus == "0"'
if [ "$(echo "$OUT" | jq .cgroup.version)" = 1 ]; then
    assert_json "$OUT" ".cgroup.cpu_shares == 512 and .cgroup.memory_reservation == $((32 * mib))"
    # docker: with swap accounting, memory+swap defaults to twice the memory.
    if [ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
        assert_json "$OUT" ".cgroup.memory_swap_limit == $((128 * mib))"
    fi
fi
# Defaults: no limits.
expect 0 tug run --rm --net=none probe
assert_json "$OUT" '.cgroup.memory_limit == -1 or .cgroup.memory_limit > 1000000000000'
assert_json "$OUT" '.cgroup.pids_max == -1 and .cgroup.cpu_quota == -1'

# docker's checks.
expect 125 tug run --rm --net=none --memory 1m probe
assert_contains "$ERR" "Minimum memory limit allowed is 6MB"
expect 125 tug run --rm --net=none --memory 64m --memory-swap 32m probe
assert_contains "$ERR" "Minimum memoryswap limit should be larger than memory limit, see usage"
expect 125 tug run --rm --net=none --cpus 1 --cpu-period 50000 probe
assert_contains "$ERR" "Conflicting options: Nano CPUs and CPU Period cannot both be set"
expect 125 tug run --rm --net=none --memory lots probe
assert_contains "$ERR" "invalid argument \"lots\" for \"-m, --memory\" flag"
expect 125 tug run --rm --net=none --blkio-weight 5 probe
assert_contains "$ERR" "Range of blkio weight is from 10 to 1000"
expect 0 tug run --rm --net=none --kernel-memory 64m probe
assert_contains "$ERR" "kernel memory limit is deprecated"

# update: the running container's cgroup and its record change.
name=$(uniq_name res)
expect 0 tug run -d --net=none --name "$name" --memory 64m probe sleep 600
on_cleanup tug rm -f "$name"
id=$($TUG_BIN inspect -f '{{.Id}}' "$name")
expect_out 0 "$name" tug update --memory 96m --memory-swap 192m --pids-limit 50 "$name"
expect_out 0 "$((96 * mib)) 50" tug inspect -f '{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}' "$name"
pid=$($TUG_BIN inspect -f '{{.State.Pid}}' "$name")
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    cg=/sys/fs/cgroup$(cut -d: -f3 "/proc/$pid/cgroup")
    assert_eq "$((96 * mib))" "$(cat "$cg/memory.max")" "memory.max after update"
else
    cg=/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$pid/cgroup")
    assert_eq "$((96 * mib))" "$(cat "$cg/memory.limit_in_bytes")" "memory.limit_in_bytes after update"
    cgp=/sys/fs/cgroup/pids$(awk -F: '$2 ~ /(^|,)pids(,|$)/ {print $3}' "/proc/$pid/cgroup")
    assert_eq "50" "$(cat "$cgp/pids.max")" "pids.max after update"
fi
expect 1 tug update --memory 1m "$name"
assert_contains "$ERR" "Minimum memory limit allowed is 6MB"
expect 1 tug update --memory 96m nosuchcontainer
