# tug system boot after a simulated reboot (every monitor and container process of this
# case SIGKILLed, their mounts and cgroups gone, the state dir wiped, the default
# bridge's leases of these containers gone): records left "running" read Exited (255),
# always (even after tug stop) and unless-stopped (unless stopped) come back with a
# working process, no and never-started containers stay down; a second boot starts no
# duplicate; rm -f afterwards leaves no process, mount, lease or cgroup behind.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc findmnt
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || skip "no CNI plugins installed"
fixture_load busybox

lease_dir=/run/tug-cni/ipam/bridge

# Pids of this case's monitors (tug-monitor ... with this case's --state-dir).
monitor_pids() {
    local f p
    for f in /proc/[0-9]*/cmdline; do
        p=${f#/proc/}
        p=${p%/cmdline}
        tr '\0' '\n' 2>/dev/null <"$f" | head -1 | grep -q -- "/tug-monitor$" || continue
        tr '\0' '\n' 2>/dev/null <"$f" | grep -qxF -- "$TUG_STATE_DIR" || continue
        echo "$p"
    done
}

# Monitors of one container.
monitors_of() {
    local id=$1 p n=0
    for p in $(monitor_pids); do tr '\0' '\n' 2>/dev/null <"/proc/$p/cmdline" | grep -qx "$id" && n=$((n + 1)); done
    echo "$n"
}

no_monitors() { [ -z "$(monitor_pids)" ]; }

cgroup_dirs_of() { ls -d /sys/fs/cgroup/*/tug/"$1" /sys/fs/cgroup/tug/"$1" 2>/dev/null || true; }

# What a power cut does to this case's tug, and only to it.
simulate_reboot() {
    local ids id p d
    ids=$(tug ps -aq --no-trunc)
    # Monitors first: a live monitor would record the container's death and restart it.
    for p in $(monitor_pids); do kill -KILL "$p" 2>/dev/null || true; done
    wait_for 10 no_monitors
    for id in $ids; do
        for d in $(cgroup_dirs_of "$id"); do
            for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
        done
    done
    for id in $ids; do
        for d in $(cgroup_dirs_of "$id"); do
            wait_for 10 bash -c "[ -z \"\$(cat $d/cgroup.procs 2>/dev/null)\" ]"
            rmdir "$d" 2>/dev/null || true
        done
        # tmpfs leases go with the reboot too (the veth went with its namespace).
        { grep -lsF "$id" "$lease_dir"/* || true; } | xargs -r rm -f
    done
    { findmnt -rn -o TARGET | grep -F "$TUG_STATE_DIR/" || true; } | sort -r | while read -r t; do umount -l "$t"; done
    rm -rf --one-file-system "$TUG_STATE_DIR"
    log "reboot simulated for: $(echo $ids)"
}

run_up() {  # run_up <name> <restart> [net]
    expect 0 tug run -d --name "$1" --restart="$2" --net="${3:-none}" busybox sh -c 'echo started; exec sleep 1000'
    on_cleanup tug rm -f "$1"
}

status_of() { tug inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$1"; }

a=$(uniq_name always)
b=$(uniq_name unless)
b2=$(uniq_name unlessstop)
c=$(uniq_name no)
d=$(uniq_name alwaysstop)
e=$(uniq_name created)
run_up "$a" always bridge
run_up "$b" unless-stopped
run_up "$b2" unless-stopped
run_up "$c" no
run_up "$d" always
expect 0 tug create --name "$e" --restart=always --net=none busybox sleep 1000
on_cleanup tug rm -f "$e"
# A --rm container lost with the reboot: docker's daemon removes those at its start.
f=$(uniq_name rmlost)
expect 0 tug run -d --rm --name "$f" --net=none -v /data busybox sleep 1000
on_cleanup tug rm -f "$f"
f_id=$(tug inspect -f '{{.Id}}' "$f")
f_anon=$(tug inspect -f '{{(index .Mounts 0).Name}}' "$f")
expect_out 0 "$b2" tug stop -t 1 "$b2"
expect_out 0 "$d" tug stop -t 1 "$d"
a_id=$(tug inspect -f '{{.Id}}' "$a")
a_ip=$(tug inspect -f '{{.NetworkSettings.IPAddress}}' "$a")
assert_match "$a_ip" '^10\.' "bridge address of $a"
old_pid=$(tug inspect -f '{{.State.Pid}}' "$a")

simulate_reboot
# Gone, or a zombie until whatever adopted it reaps it.
wait_for 10 bash -c "[ ! -e /proc/$old_pid ] || grep -q '^State:.*Z' /proc/$old_pid/status"
[ -z "$(monitor_pids)" ] || fail "monitors survived the simulated reboot"
# Before boot: nothing runs, the records that said running read as exited.
expect_out 0 "" tug ps -q
expect 0 tug ps -a --format '{{.Names}} {{.Status}}'
assert_contains "$OUT" "$b2 Exited (137)"
# Lost ones read as docker shows a container lost with its daemon.
assert_contains "$OUT" "$a Exited (255)"
expect_out 0 "exited 255" status_of "$a"

expect_out 0 "" tug system boot
assert_eq "" "$ERR" "stderr of system boot"
expect 1 tug inspect "$f"
[ ! -e "$TUG_DATA_ROOT/containers/$f_id" ] || fail "files of the removed --rm container left behind"
expect 1 tug volume inspect "$f_anon"
for n in "$a" "$b" "$d"; do
    expect_out 0 "running 0" status_of "$n"
    expect_out 0 "0" tug inspect -f '{{.RestartCount}}' "$n"
    expect_out 0 "1" monitors_of "$(tug inspect -f '{{.Id}}' "$n")"
    # The process works: exec reaches it and its log shows the second start.
    expect_out 0 "1000" tug exec "$n" sh -c 'cat /proc/1/cmdline | tr "\0" " " | cut -d" " -f2'
    expect 0 tug logs "$n"
    assert_eq "started
started" "$OUT" "log of $n: one line per start"
done
expect_out 0 "exited 137" status_of "$b2"
expect_out 0 "exited 255" status_of "$c"
expect_out 0 "created 0" status_of "$e"
expect 0 tug ps -a --format '{{.Names}} {{.Status}}'
assert_match "$OUT" "$c Exited \\(255\\) " "ps of the lost container"
expect 0 tug ps --format '{{.Names}}'
assert_eq "$(printf '%s\n' "$a" "$b" "$d" | sort)" "$(sort <<<"$OUT")" "ps after boot"
# The bridge container got an address again (its old lease went with the reboot).
expect 0 tug inspect -f '{{.NetworkSettings.IPAddress}}' "$a"
assert_match "$OUT" '^10\.' "bridge address of $a after boot"
expect 0 tug exec "$a" ip -4 addr show eth0
assert_contains "$OUT" "inet $(tug inspect -f '{{.NetworkSettings.IPAddress}}' "$a")/"

# Boot again: nothing new starts, the same processes run.
pids_before=$(for n in "$a" "$b" "$d"; do tug inspect -f '{{.State.Pid}}' "$n"; done)
expect_out 0 "" tug system boot
pids_after=$(for n in "$a" "$b" "$d"; do tug inspect -f '{{.State.Pid}}' "$n"; done)
assert_eq "$pids_before" "$pids_after" "pids after a second boot"
for n in "$a" "$b" "$d"; do expect_out 0 "1" monitors_of "$(tug inspect -f '{{.Id}}' "$n")"; done
expect_out 0 "exited 255" status_of "$c"

# A boot while monitors are gone but the state dir stayed (monitors killed, not a
# reboot): the container is reconciled and started again the same way.
kill -KILL $(monitor_pids)
for d2 in $(cgroup_dirs_of "$a_id"); do for p in $(cat "$d2/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done; done
expect_out 0 "" tug system boot
expect_out 0 "running 0" status_of "$a"
expect_out 0 "1" monitors_of "$a_id"

# A container that cannot start is reported on one line, the boot goes on and exits 1:
# f joins c's network namespace, and c (restart=no) stays down.
f=$(uniq_name joiner)
expect 0 tug start "$c"
expect 0 tug run -d --name "$f" --restart=always --net="container:$c" busybox sleep 1000
on_cleanup tug rm -f "$f"
f_id=$(tug inspect -f '{{.Id}}' "$f")
expect_out 0 "$c" tug stop -t 1 "$c"
for p in $(monitor_pids); do tr '\0' '\n' 2>/dev/null <"/proc/$p/cmdline" | grep -qx "$f_id" && kill -KILL "$p"; done
for d2 in $(cgroup_dirs_of "$f_id"); do for p in $(cat "$d2/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done; done
wait_for 10 bash -c "[ \"\$($TUG_BIN inspect -f '{{.State.Running}}' $f)\" = false ]"
expect_out 1 "" tug system boot
assert_eq 1 "$(wc -l <<<"$ERR")" "lines on stderr of a boot with one failure"
assert_match "$ERR" "^tug: start container $f: .*non running container" "the failure line"
expect_out 0 "exited 255" status_of "$f"
for n in "$a" "$b" "$d"; do expect_out 0 "running 0" status_of "$n"; done

# Everything goes with rm -f: processes, mounts, leases, cgroups.
ids=$(tug ps -aq --no-trunc)
expect 0 tug rm -f "$a" "$b" "$b2" "$c" "$d" "$e" "$f"
expect_out 0 "" tug ps -aq
wait_for 10 bash -c "[ -z \"\$(findmnt -rn -o TARGET | grep -F '$TUG_STATE_DIR/')\" ]"
[ -z "$(monitor_pids)" ] || fail "monitors left after rm -f: $(monitor_pids)"
for id in $ids; do
    [ -z "$(cgroup_dirs_of "$id")" ] || fail "cgroup of $id left after rm -f"
    if grep -rlsF "$id" "$lease_dir" >/dev/null; then fail "lease of $id left after rm -f"; fi
    [ ! -e "$TUG_STATE_DIR/netns/$id" ] || fail "netns of $id left after rm -f"
done
