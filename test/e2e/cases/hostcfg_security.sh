#!/usr/bin/env bash
# What a container sees of its security settings, against docker's documented defaults
# and each flag: capabilities, seccomp, no-new-privileges, /proc masking, rlimits,
# uid/gids, devices, namespaces, sysctls, oom_score_adj, --privileged.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load probe
fixture_load busybox

# Defaults: docker's 14 capabilities (CapEff a80425fb), seccomp filter mode, masked and
# read-only /proc paths, NOFILE 1048576 unless the host's hard limit is lower.
expect 0 tug run --rm --net=none probe
assert_json "$OUT" '.capabilities.CapEff == "00000000a80425fb" and .capabilities.CapBnd == "00000000a80425fb"'
assert_json "$OUT" '.capabilities.CapInh == "0000000000000000" and .capabilities.CapAmb == "0000000000000000"'
assert_json "$OUT" '.seccomp == "2" and .no_new_privs == 0'
assert_json "$OUT" '[.proc_masking.paths[] | select(.path == "/proc/kcore" or .path == "/proc/keys" or .path == "/proc/timer_list") | select(.exists) | .masked] | all'
assert_json "$OUT" '[.proc_masking.paths[] | select(.path == "/proc/sys" or .path == "/proc/sysrq-trigger" or .path == "/proc/irq") | select(.exists) | .readonly] | all'
hard=$(ulimit -Hn)
want=1048576
[ "$hard" != unlimited ] && [ "$hard" -lt $want ] && want=$hard
assert_json "$OUT" ".rlimits.nofile.soft == $want and .rlimits.nofile.hard == $want"
assert_json "$OUT" '.uid == 0 and .gid == 0'
assert_json "$OUT" '[.mounts[] | select(.target == "/sys")][0].options | test("(^|,)ro(,|$)")'
assert_json "$OUT" '[.mounts[] | select(.target == "/dev/shm")][0].super_options | test("size=65536k")'

# --cap-add/--cap-drop, ALL.
expect 0 tug run --rm --net=none --cap-add NET_ADMIN --cap-drop chown probe
assert_json "$OUT" '(.capabilities.effective | index("CAP_NET_ADMIN")) != null and (.capabilities.effective | index("CAP_CHOWN")) == null'
expect 0 tug run --rm --net=none --cap-drop ALL --cap-add CAP_KILL probe
assert_json "$OUT" '.capabilities.effective == ["CAP_KILL"]'
expect 125 tug run --rm --net=none --cap-add FOO probe
assert_contains "$ERR" 'unknown capability: "CAP_FOO"'

# --security-opt: seccomp=unconfined, a profile file, no-new-privileges; bad values.
expect 0 tug run --rm --net=none --security-opt seccomp=unconfined --security-opt no-new-privileges probe
assert_json "$OUT" '.seccomp == "0" and .no_new_privs == 1'
profile="$TUG_E2E_WORK/hostcfg-seccomp.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}' >"$profile"
expect 1 tug run --rm --net=none --security-opt "seccomp=$profile" busybox mkdir /x
assert_contains "$ERR" "Operation not permitted"
expect 125 tug run --rm --net=none --security-opt "seccomp=$TUG_E2E_WORK/nope.json" probe
assert_contains "$ERR" "opening seccomp profile ($TUG_E2E_WORK/nope.json) failed"
expect 125 tug run --rm --net=none --security-opt foo probe
assert_contains "$ERR" 'Invalid --security-opt: "foo"'

# --privileged: every capability the host has, no seccomp, nothing masked, /sys writable,
# host devices.
expect 0 tug run --rm --net=none --privileged probe
capbnd=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
assert_json "$OUT" ".capabilities.CapEff == \"$capbnd\" and .seccomp == \"0\""
assert_json "$OUT" '[.proc_masking.paths[] | select(.exists) | .masked or .readonly] | any | not'
assert_json "$OUT" '[.mounts[] | select(.target == "/sys")][0].options | test("(^|,)rw(,|$)")'
expect_out 0 "yes" tug run --rm --net=none --privileged busybox sh -c 'test -c /dev/loop-control -o -c /dev/kmsg && echo yes'

# --device with permissions; --device-cgroup-rule; missing device.
expect_out 0 "c" tug run --rm --net=none --device /dev/null:/dev/mynull:rw busybox sh -c 'test -c /dev/mynull && echo c'
expect 125 tug run --rm --net=none --device /dev/nosuchdev busybox true
assert_contains "$ERR" 'error gathering device information while adding custom device "/dev/nosuchdev": no such file or directory'
expect 125 tug run --rm --net=none --device-cgroup-rule 'x 1:3 rwm' busybox true
assert_contains "$ERR" "invalid device cgroup format 'x 1:3 rwm'"

# -u and --group-add: uid/gids as the probe sees them.
expect 0 tug run --rm --net=none -u 1000:1000 --group-add 4242 --group-add 7 probe
assert_json "$OUT" '.uid == 1000 and .gid == 1000 and (.groups | index(4242)) != null and (.groups | index(7)) != null'

# --ulimit, within and above the host's hard limit (tug lacks CAP_SYS_RESOURCE here).
expect 0 tug run --rm --net=none --ulimit nofile=512:1024 --ulimit nproc=100 probe
assert_json "$OUT" '.rlimits.nofile.soft == 512 and .rlimits.nofile.hard == 1024'
if [ "$hard" != unlimited ]; then
    over=$((hard + 1))
    expect 125 tug run --rm --net=none --ulimit "nofile=$over:$over" probe
    assert_contains "$ERR" "ulimit nofile: hard limit $over exceeds this host's limit"
fi
expect 125 tug run --rm --net=none --ulimit foo=1 probe
assert_contains "$ERR" "invalid ulimit type: foo"

# Namespaces: --pid/--ipc/--uts host, container:<name>; --sysctl; --oom-score-adj.
host_pid_ns=$(readlink /proc/self/ns/pid)
expect 0 tug run --rm --net=none --pid host --ipc host --uts host probe
assert_json "$OUT" ".namespaces.pid == \"$host_pid_ns\" and .namespaces.ipc == \"$(readlink /proc/self/ns/ipc)\" and .namespaces.uts == \"$(readlink /proc/self/ns/uts)\""
box=$(uniq_name sec)
expect 0 tug run -d --net=none --name "$box" busybox sleep 600
on_cleanup tug rm -f "$box"
pid=$($TUG_BIN inspect -f '{{.State.Pid}}' "$box")
expect 0 tug run --rm --net=none --pid "container:$box" --ipc "container:$box" probe
assert_json "$OUT" ".namespaces.pid == \"$(readlink /proc/$pid/ns/pid)\" and .namespaces.ipc == \"$(readlink /proc/$pid/ns/ipc)\""
expect 125 tug run --rm --net=none --ipc bogus probe
expect_out 0 "2" tug run --rm --net=none --sysctl kernel.msgmni=2 busybox cat /proc/sys/kernel/msgmni
expect 0 tug run --rm --net=none --oom-score-adj 500 probe
assert_json "$OUT" '.oom_score_adj == "500"'
expect 125 tug run --rm --net=none --oom-score-adj 5000 probe
assert_contains "$ERR" "Invalid value 5000, range for oom score adj is [-1000, 1000]"

# inspect shows docker's HostConfig fields.
name=$(uniq_name sec)
expect 0 tug create --name "$name" --cap-add NET_ADMIN --privileged --ulimit nofile=10:20 --device /dev/null busybox true
on_cleanup tug rm -f "$name"
expect 0 tug inspect "$name"
assert_json "$OUT" '.[0].HostConfig | .Privileged == true and .CapAdd == ["NET_ADMIN"] and .Ulimits == [{"Name":"nofile","Hard":20,"Soft":10}] and .Devices[0].PathOnHost == "/dev/null" and .Devices[0].CgroupPermissions == "rwm"'
