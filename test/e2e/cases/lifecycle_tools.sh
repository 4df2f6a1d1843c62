# top, stats, cp and ps -s / the attachment filters, checked against what the container
# really does: its processes, the memory and CPU it uses, files in and out of its rootfs
# (symlinks in the container must never lead to the host), sizes it wrote.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq tar
fixture_load busybox

# ---- top ----
c=$(uniq_name top)
expect 0 tug run -d --net=none --name "$c" busybox sh -c 'sleep 1001 & sleep 1002; exit 0'
id=$OUT
wait_for 20 sh -c "'$TUG_BIN' top '$c' | grep -q 'sleep 1002'"
expect 0 tug top "$c"
assert_match "$(head -1 <<<"$OUT")" '^UID +PID +PPID +C +STIME +TTY +TIME +CMD$' "top header (ps -ef)"
assert_contains "$OUT" "sleep 1001"
assert_contains "$OUT" "sleep 1002"
assert_contains "$OUT" "sh -c sleep 1001 & sleep 1002; exit 0"
assert_eq 4 "$(wc -l <<<"$OUT")" "top lines: header and the container's three processes"
assert_not_contains "$OUT" "tug-monitor" "top output"
# ps options pass through; the PID column is what the container's pids are matched on.
expect 0 tug container top "$c" -o pid,comm
assert_match "$(head -1 <<<"$OUT")" '^PID +COMMAND$' "top -o header"
assert_eq 2 "$(grep -c ' sleep$' <<<"$OUT")" "sleep processes in top -o pid,comm"
expect 1 tug top nosuchcontainer
assert_eq "Error response from daemon: No such container: nosuchcontainer" "$ERR"
stopped=$(uniq_name stopped)
expect 0 tug create --net=none --name "$stopped" busybox true
sid=$(tug inspect -f '{{.Id}}' "$stopped")
expect 1 tug top "$stopped"
assert_eq "Error response from daemon: container $sid is not running" "$ERR"

# ---- stats ----
# 2 processes, 8 MiB of shared memory (counted as the cgroup's memory), one busy loop.
s=$(uniq_name stats)
expect 0 tug run -d --net=none --name "$s" busybox sh -c \
    'dd if=/dev/zero of=/dev/shm/fill bs=1M count=8 2>/dev/null; touch /tmp/ready; sleep 1000 & while :; do :; done'
wait_for 20 sh -c "'$TUG_BIN' exec '$s' ls /tmp/ready"
expect 0 tug stats --no-stream "$s"
assert_match "$(head -1 <<<"$OUT")" '^CONTAINER ID +NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS$' "stats header"
assert_eq 2 "$(wc -l <<<"$OUT")" "stats lines"
assert_match "$(tail -1 <<<"$OUT")" "^[0-9a-f]{12} +$s +[0-9]+\.[0-9]{2}% +" "stats row"
expect 0 tug stats --no-stream --format '{{.Container}}|{{.Name}}|{{.ID}}|{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}' "$s"
IFS='|' read -r f_container f_name f_id f_cpu f_mem f_memperc f_net f_block f_pids <<<"$OUT"
assert_eq "$s" "$f_container" ".Container (as given)"
assert_eq "$s" "$f_name" ".Name"
assert_match "$f_id" '^[0-9a-f]{12}$' ".ID"
assert_eq 2 "$f_pids" ".PIDs"
assert_match "$f_cpu" '^[0-9]+\.[0-9]{2}%$' ".CPUPerc"
cpu=${f_cpu%%.*}
# At least 1% even when parallel cases share the CPUs; an idle container shows 0.00%.
[ "$cpu" -ge 1 ] || fail "a busy loop shows $f_cpu CPU"
assert_match "$f_mem" '^[0-9.]+MiB / [0-9.]+GiB$' ".MemUsage (the shm file, against the host's memory)"
mem=${f_mem%%.*}
[ "$mem" -ge 8 ] || fail "8 MiB in /dev/shm but MemUsage is $f_mem"
assert_match "$f_memperc" '^[0-9]+\.[0-9]{2}%$' ".MemPerc"
assert_eq "0B / 0B" "$f_net" ".NetIO with --net=none (lo is not counted)"
assert_match "$f_block" '^[0-9.]+[kMG]?B / [0-9.]+[kMG]?B$' ".BlockIO"
expect 0 tug stats --no-stream --no-trunc --format '{{.ID}}' "$s"
assert_match "$OUT" '^[0-9a-f]{64}$' "--no-trunc id"
# Without names: the running containers; -a adds the stopped one, with zeros.
expect 0 tug stats --no-stream --format '{{.Name}}'
assert_contains "$OUT" "$s"
assert_not_contains "$OUT" "$stopped"
expect 0 tug stats --no-stream -a --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}'
assert_contains "$OUT" "$stopped 0.00% 0B / 0B 0"
expect 1 tug stats --no-stream "$s" nosuchcontainer
assert_eq "Error response from daemon: No such container: nosuchcontainer" "$ERR"
expect 0 tug kill "$s"

# Streaming: refreshes each second, clearing the screen, until interrupted.
expect 124 timeout 3.5 "$TUG_BIN" stats --format '{{.Name}}' "$c"
n=$(grep -o "$c" <<<"$OUT" | wc -l)
[ "$n" -ge 2 ] && [ "$n" -le 4 ] || fail "$n refreshes in 3.5 s"
assert_contains "$OUT" $'\e[2J\e[H'

# ---- cp ----
work=$TMPDIR/cp
mkdir -p "$work/host-dir"
echo "host secret" >"$work/host-dir/secret"
echo "from the host" >"$work/in.txt"
chown 1234:1234 "$work/in.txt"

# Host to container and back: a file, renamed, into a directory, with and without -a.
expect 0 tug cp "$work/in.txt" "$c:/tmp/"
expect_out 0 "from the host" tug exec "$c" cat /tmp/in.txt
expect_out 0 "0:0" tug exec "$c" stat -c %u:%g /tmp/in.txt
expect 0 tug cp -a "$work/in.txt" "$c:/tmp/kept.txt"
expect_out 0 "1234:1234" tug exec "$c" stat -c %u:%g /tmp/kept.txt
expect 0 tug cp "$c:/etc/fixture-release" "$work/release"
expect_out 0 "$(tug exec "$c" cat /etc/fixture-release)" cat "$work/release"
# Directories: "dir" into an existing directory, "dir/." its contents, a new name.
expect 0 tug exec "$c" sh -c 'mkdir -p /data/sub && echo a >/data/a && echo b >/data/sub/b && chown -R 1000:1000 /data'
mkdir "$work/out"
expect 0 tug cp "$c:/data" "$work/out"
expect_out 0 "b" cat "$work/out/data/sub/b"
expect_out 0 "0" stat -c %u "$work/out/data/a"
expect 0 tug cp "$c:/data/." "$work/out"
expect_out 0 "a" cat "$work/out/a"
expect 0 tug cp -a "$c:/data" "$work/copy"
expect_out 0 "b" cat "$work/copy/sub/b"
expect_out 0 "1000:1000" stat -c %u:%g "$work/copy/sub/b"
expect 0 tug cp "$work/copy" "$c:/data2"
expect_out 0 "b" tug exec "$c" cat /data2/sub/b
# Tar streams both ways.
expect 0 sh -c "'$TUG_BIN' cp '$c:/data' - | tar -tf - | sort"
assert_eq $'data/\ndata/a\ndata/sub/\ndata/sub/b' "$OUT" "tar from cp ... -"
expect 0 sh -c "tar -C '$work' -cf - in.txt | '$TUG_BIN' cp - '$c:/data'"
expect_out 0 "from the host" tug exec "$c" cat /data/in.txt
expect 1 sh -c "tar -C '$work' -cf - in.txt | '$TUG_BIN' cp - '$c:/data/a'"
assert_eq "destination \"$c:/data/a\" must be a directory" "$ERR"
# Errors in docker's words (exit 1).
expect 1 tug cp "$c:/no/such" "$work/x"
assert_eq "Error response from daemon: Could not find the file /no/such in container $c" "$ERR"
expect 1 tug cp "$c:/data" "$work/release"
assert_eq "cannot copy directory" "$ERR"
expect 1 tug cp "$work/in.txt" "$c:/no-such-dir/"
assert_eq "no such directory" "$ERR"
expect 1 tug cp "$work/in.txt" "$c:/no/such/file"
assert_eq "Error response from daemon: Could not find the file /no/such in container $c" "$ERR"
expect 1 tug cp "$work/missing" "$c:/tmp/"
assert_eq "lstat $work/missing: no such file or directory" "$ERR"
expect 1 tug cp "$c:/etc/passwd" "$work/no/such/dir/x"
assert_eq "invalid output path: directory \"$work/no/such/dir\" does not exist" "$ERR"
expect 1 tug cp "$work/in.txt" "$work/other"
assert_eq "must specify at least one container source" "$ERR"
expect 1 tug cp "$c:/a" "$c:/b"
assert_eq "copying between containers is not supported" "$ERR"
expect 1 tug cp "$work/in.txt" nosuchcontainer:/tmp
assert_eq "Error response from daemon: No such container: nosuchcontainer" "$ERR"

# Symlinks in the container that point at the host's path (absolute, and climbing with
# ".."): reading and writing through them stays inside the container's rootfs.
hd=$work/host-dir
expect 0 tug exec "$c" sh -c "ln -s '$hd' /tmp/abs && ln -s '../../../../../../../..$hd' /tmp/rel && ln -s /etc/passwd /tmp/pw"
expect 1 tug cp "$c:/tmp/abs/secret" "$work/leak1"
assert_contains "$ERR" "Could not find the file /tmp/abs/secret in container $c"
expect 1 tug cp "$c:/tmp/rel/secret" "$work/leak2"
expect 1 tug cp -L "$c:/tmp/abs" "$work/leak3"
[ ! -e "$work/leak1" ] && [ ! -e "$work/leak2" ] && [ ! -e "$work/leak3" ] || fail "a host file was read through a container symlink"
expect 0 tug exec "$c" mkdir -p "$hd"
expect 0 tug cp "$work/in.txt" "$c:/tmp/abs/planted"
expect 0 tug cp "$work/in.txt" "$c:/tmp/rel/planted2"
expect 0 sh -c "tar -C '$work' -cf - in.txt | '$TUG_BIN' cp - '$c:/tmp/rel'"
[ ! -e "$hd/planted" ] && [ ! -e "$hd/planted2" ] && [ ! -e "$hd/in.txt" ] || fail "cp wrote to the host through a container symlink"
expect_out 0 "from the host" tug exec "$c" cat "$hd/planted"
expect_out 0 "from the host" tug exec "$c" cat "$hd/planted2"
expect_out 0 "host secret" cat "$hd/secret"
# Without -L a symlink is copied as the link; with -L its target, inside the container.
expect 0 tug cp "$c:/tmp/pw" "$work/pw-link"
expect_out 0 "/etc/passwd" readlink "$work/pw-link"
expect 0 tug cp -L "$c:/tmp/pw" "$work/pw-file"
assert_contains "$(cat "$work/pw-file")" "tug test user" "the container's /etc/passwd"

# A stopped container: its layers are mounted for the copy and unmounted after.
expect 0 tug cp "$work/in.txt" "$stopped:/in.txt"
expect 0 tug cp "$stopped:/in.txt" "$work/back.txt"
expect_out 0 "from the host" cat "$work/back.txt"
expect 0 tug cp "$stopped:/etc/fixture-release" "$work/stopped-release"
assert_eq "" "$(findmnt -rn -o TARGET | grep "$TUG_STATE_DIR/tmp" || true)" "temporary mounts left"
expect 0 tug start -a "$stopped"
expect 0 tug run --rm --net=none busybox true  # the image is untouched
expect 0 sh -c "'$TUG_BIN' cp '$stopped:/in.txt' - | tar -xOf -"
assert_eq "from the host" "$OUT" "file copied into the stopped container, after it ran"

# A stopped container's volume is mounted for the copy too: files land in the volume,
# not beneath its mount point.
sv=$(uniq_name sv)
vol2=$(uniq_name vol)
expect 0 tug run --net=none --name "$sv" -v "$vol2:/vd" busybox sh -c 'echo inside >/vd/old'
expect 0 tug cp "$work/in.txt" "$sv:/vd/"
expect_out 0 "from the host" cat "$TUG_DATA_ROOT/volumes/$vol2/_data/in.txt"
expect 0 tug cp "$sv:/vd/old" "$work/old"
expect_out 0 "inside" cat "$work/old"
assert_eq "" "$(findmnt -rn -o TARGET | grep "$TUG_STATE_DIR/tmp" || true)" "temporary mounts left"

# ---- ps -s and filters ----
z=$(uniq_name size)
expect 0 tug run --net=none --name "$z" busybox sh -c 'head -c 5000 /dev/zero >/five-k'
expect 0 tug ps -a -s --filter "name=$z" --format '{{.Size}}'
assert_match "$OUT" '^5kB \(virtual [0-9.]+MB\)$' "ps -s size"
expect 0 tug ps -a -s --filter "name=$z"
assert_match "$(head -1 <<<"$OUT")" 'NAMES +SIZE$' "ps -s header"

net=$(uniq_name net)
vol=$(uniq_name vol)
port=$(free_port)
expect 0 tug network create "$net"
on_cleanup tug network rm "$net"
a=$(uniq_name fa)
expect 0 tug run -d --net "$net" --name "$a" -p "127.0.0.1:$port:80" --expose 90/udp -v "$vol:/vdata" busybox sleep 1000
# cp sees a running container's volumes (its own mount namespace), not the overlay
# underneath them; kernel file systems come out as empty directories.
expect 0 tug cp "$work/in.txt" "$a:/vdata/"
expect_out 0 "from the host" cat "$TUG_DATA_ROOT/volumes/$vol/_data/in.txt"
expect_out 0 "from the host" tug exec "$a" cat /vdata/in.txt
expect 0 tug cp "$a:/vdata/in.txt" "$work/from-volume"
expect_out 0 "from the host" cat "$work/from-volume"
expect 0 sh -c "'$TUG_BIN' cp '$a:/proc' - | tar -tf -"
assert_eq "proc/" "$OUT" "/proc of a running container"
expect 1 tug cp "$work/in.txt" "$a:/proc/"
assert_contains "$ERR" "a kernel file system"
# Network bytes of the container's interfaces (lo left out), after pinging its gateway.
expect 0 tug inspect "$a"
gw=$(jq -r ".[0].NetworkSettings.Networks[\"$net\"].Gateway" <<<"$OUT")
expect 0 tug exec "$a" ping -c 3 -W 2 "$gw"
expect 0 tug stats --no-stream --format '{{.NetIO}}' "$a"
assert_match "$OUT" '^[0-9.]+[kM]?B / [0-9.]+[kM]?B$' "NetIO"
rx=${OUT%% *}
assert_ne "0B" "$rx" "received bytes after a ping"
b=$(uniq_name fb)
expect 0 tug run -d --net=none --name "$b" busybox sleep 1000
for f in "network=$net" "volume=$vol" "volume=/vdata" "publish=80" "publish=80/tcp" "publish=79-81" "expose=90/udp" "since=$c"; do
    expect 0 tug ps --filter "$f" --format '{{.Names}}'
    assert_contains "$OUT" "$a" "ps --filter $f"
    assert_not_contains "$OUT" "$c" "ps --filter $f"
done
for f in "publish=90/udp" "expose=91" "network=none" "before=$a"; do
    expect 0 tug ps --filter "$f" --format '{{.Names}}'
    assert_not_contains "$OUT" "$a" "ps --filter $f"
done
expect_out 0 "$b" tug ps --filter "network=none" --filter "since=$a" --format '{{.Names}}'
expect 0 tug ps -a --filter "before=$a" --format '{{.Names}}'
assert_contains "$OUT" "$c"
assert_contains "$OUT" "$z"
assert_not_contains "$OUT" "$b"
expect 1 tug ps --filter "publish=abc"
assert_contains "$ERR" "Invalid range specified for the Port: abc"
expect 1 tug ps --filter "before=nosuchcontainer"
assert_contains "$ERR" "No such container: nosuchcontainer"
expect 0 tug rm -f "$a" "$b" "$c" "$s" "$sv" "$z" "$stopped"
