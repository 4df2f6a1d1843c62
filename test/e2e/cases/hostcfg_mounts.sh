#!/usr/bin/env bash
# Mounts as docker makes them: -v binds (created when missing) with ro and propagation,
# named volumes created at create and filled from the image, anonymous volumes and
# rm -v, --volumes-from, --read-only with --tmpfs, --shm-size, --mount and its errors,
# "volume is in use", and the installer command line from the field.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq
fixture_load probe
fixture_load busybox

work="$TUG_E2E_WORK/hostcfg-mounts"
rm -rf "$work" && mkdir -p "$work/src"
on_cleanup rm -rf "$work"
echo hello >"$work/src/file"

# -v bind: read-write by default, :ro read-only, a missing host path is created.
expect_out 0 "hello" tug run --rm --net=none -v "$work/src:/src" busybox cat /src/file
expect 1 tug run --rm --net=none -v "$work/src:/src:ro" busybox touch /src/x
assert_contains "$ERR" "Read-only file system"
expect 0 tug run --rm --net=none -v "$work/src:/src:ro" probe
assert_json "$OUT" '[.mounts[] | select(.target == "/src")][0].options | test("(^|,)ro(,|$)")'
expect 0 tug run --rm --net=none -v "$work/new/dir:/new" busybox touch /new/made
[ -f "$work/new/dir/made" ] || fail "-v did not create the missing host path"

# Named volume: created at create, filled with the image's content at the path.
vol=$(uniq_name vol)
name=$(uniq_name mnt)
expect 0 tug create --name "$name" -v "$vol:/etc" busybox true
on_cleanup tug volume rm -f "$vol"
on_cleanup tug rm -f "$name"
expect_out 0 "$vol" tug volume ls -q --filter "name=$vol"
expect 0 tug inspect "$name"
assert_json "$OUT" ".[0].HostConfig.Binds == [\"$vol:/etc\"] and .[0].Mounts[0].Type == \"volume\" and .[0].Mounts[0].Name == \"$vol\" and .[0].Mounts[0].Destination == \"/etc\" and .[0].Mounts[0].RW == true"
expect 1 tug volume rm "$vol"
assert_contains "$ERR" "volume is in use"
expect 0 tug start "$name"
mp=$($TUG_BIN volume inspect -f '{{.Mountpoint}}' "$vol")
wait_for 10 test -f "$mp/fixture-release"
expect_out 0 "0" tug wait "$name"
expect 0 tug rm "$name"
expect_out 0 "$vol" tug volume rm "$vol"

# Anonymous volumes: -v /path records Config.Volumes; rm -v removes them, rm alone keeps.
name=$(uniq_name anon)
expect 0 tug create --name "$name" -v /data busybox true
expect 0 tug inspect "$name"
assert_json "$OUT" '.[0].Config.Volumes == {"/data":{}} and (.[0].Mounts[0].Name | test("^[0-9a-f]{64}$"))'
anon=$(echo "$OUT" | jq -r '.[0].Mounts[0].Name')
expect 0 tug volume inspect "$anon"
assert_json "$OUT" '.[0].Labels["com.docker.volume.anonymous"] == ""'
expect 0 tug rm -v "$name"
expect 1 tug volume inspect "$anon"
name=$(uniq_name anon)
expect 0 tug create --name "$name" -v /data busybox true
anon=$($TUG_BIN inspect -f '{{(index .Mounts 0).Name}}' "$name")
expect 0 tug rm "$name"
expect 0 tug volume inspect "$anon"
expect 0 tug volume rm "$anon"
# run --rm takes its anonymous volumes with it (docker's --rm), named ones stay; in the
# foreground as with -d.
vol=$(uniq_name vol)
on_cleanup tug volume rm -f "$vol"
before=$($TUG_BIN volume ls -q | sort)
expect 0 tug run --rm --net=none -v /data -v "$vol:/named" busybox sh -c 'echo x > /data/f'
assert_eq "$(printf '%s\n' $before "$vol" | sort)" "$($TUG_BIN volume ls -q | sort)" "volumes after run --rm"
name=$(uniq_name anonrm)
expect 0 tug run -d --rm --name "$name" --net=none -v /data busybox sleep 1000
anon=$($TUG_BIN inspect -f '{{(index .Mounts 0).Name}}' "$name")
expect 0 tug volume inspect "$anon"
expect 0 tug stop -t 1 "$name"
wait_for 10 bash -c "! $TUG_BIN volume inspect $anon"

# --volumes-from: the other container's volumes and binds, :ro overrides.
src=$(uniq_name from)
vol=$(uniq_name vol)
expect 0 tug run --name "$src" --net=none -v "$vol:/shared" -v "$work/src:/hostsrc" busybox sh -c 'echo from > /shared/f'
on_cleanup tug volume rm -f "$vol"
on_cleanup tug rm -f "$src"
expect_out 0 "from hello" tug run --rm --net=none --volumes-from "$src" busybox sh -c 'echo $(cat /shared/f) $(cat /hostsrc/file)'
expect 1 tug run --rm --net=none --volumes-from "$src:ro" busybox touch /shared/g
assert_contains "$ERR" "Read-only file system"
expect 125 tug run --rm --net=none --volumes-from nosuchcontainer busybox true

# --read-only with --tmpfs; --shm-size.
expect 1 tug run --rm --net=none --read-only busybox touch /x
assert_contains "$ERR" "Read-only file system"
expect_out 0 "ok" tug run --rm --net=none --read-only --tmpfs /run:size=1m busybox sh -c 'touch /run/x && echo ok'
expect 0 tug run --rm --net=none --read-only --tmpfs /run:size=1m --shm-size 8m probe
assert_json "$OUT" '[.mounts[] | select(.target == "/")][0].options | test("(^|,)ro(,|$)")'
assert_json "$OUT" '[.mounts[] | select(.target == "/run")][0] | .fstype == "tmpfs" and (.super_options | test("size=1024k"))'
assert_json "$OUT" '[.mounts[] | select(.target == "/dev/shm")][0].super_options | test("size=8192k")'

# --mount: bind/volume/tmpfs, and docker's errors.
expect_out 0 "hello" tug run --rm --net=none --mount "type=bind,source=$work/src,target=/m,readonly" busybox cat /m/file
expect 0 tug run --rm --net=none --mount type=tmpfs,target=/t,tmpfs-size=2m probe
assert_json "$OUT" '[.mounts[] | select(.target == "/t")][0] | .fstype == "tmpfs" and (.super_options | test("size=2048k"))'
expect 125 tug run --rm --net=none --mount "type=bind,source=$work/missing,target=/m" busybox true
assert_contains "$ERR" "invalid mount config for type \"bind\": bind source path does not exist: $work/missing"
expect 125 tug run --rm --net=none --mount type=bind,source=/tmp busybox true
assert_contains "$ERR" 'invalid argument "type=bind,source=/tmp" for "--mount" flag: target is required'
expect 125 tug run --rm --net=none --mount type=volume,target=/v,bind-propagation=shared busybox true
assert_contains "$ERR" "cannot mix 'bind-*' options with mount type 'volume'"
expect 125 tug run --rm --net=none -v "$work/src:/a" -v "$work/src:/a" busybox true
assert_contains "$ERR" "Duplicate mount point: /a"
expect 125 tug run --rm --net=none -v "a:b:c:d" busybox true
assert_contains "$ERR" "invalid volume specification: 'a:b:c:d'"

# A failed create leaves no volume behind.
vol=$(uniq_name vol)
expect 1 tug create -v "$vol:/v" --device /dev/nosuchdev busybox true
expect 1 tug volume inspect "$vol"

# The installer command line: privileged, host network, restart=always, host binds and
# named volumes; survives stop/start; volumes persist across rm and a new run.
img=$(uniq_name installer):1.0
expect 0 tug tag busybox "$img"
on_cleanup tug rmi "$img"
certs=$(uniq_name certs)
bin=$(uniq_name bin)
on_cleanup tug volume rm -f "$certs" "$bin"
mkdir -p "$work/run/app" "$work/var/lib/app"
inst=$(uniq_name inst)
run_installer() {
    expect 0 tug run -d --name "$inst" --privileged --net=host --restart=always \
        -v /etc/hosts:/app/hosts -v "$work/run/app:/run/app" -v "$work/var/lib/app:/var/lib/app" \
        -v "$certs:/app/certs" -v "$bin:/app/bin" "$img" \
        sh -c 'test -f /app/hosts && echo cert >> /app/certs/c && echo run > /run/app/r && echo lib > /var/lib/app/l && cp /bin/busybox /app/bin/ 2>/dev/null; sleep 600'
}
run_installer
on_cleanup tug rm -f "$inst"
wait_for 10 test -f "$work/var/lib/app/l"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$inst"
expect 0 tug inspect "$inst"
assert_json "$OUT" '.[0].HostConfig | .Privileged == true and .NetworkMode == "host" and .RestartPolicy.Name == "always" and (.Binds | length) == 5'
certs_mp=$($TUG_BIN volume inspect -f '{{.Mountpoint}}' "$certs")
expect 0 tug stop -t 1 "$inst"
expect_out 0 "false" tug inspect -f '{{.State.Running}}' "$inst"
expect 0 tug start "$inst"
expect_out 0 "true" tug inspect -f '{{.State.Running}}' "$inst"
wait_for 10 bash -c "[ \$(wc -l < '$certs_mp/c') -ge 2 ]"
expect 0 tug rm -f "$inst"
expect 0 tug volume inspect "$certs" "$bin"
run_installer
wait_for 10 bash -c "[ \$(wc -l < '$certs_mp/c') -ge 3 ]"
bin_mp=$($TUG_BIN volume inspect -f '{{.Mountpoint}}' "$bin")
[ -x "$bin_mp/busybox" ] || fail "volume $bin lost its content"
expect 0 tug rm -f "$inst"
[ "$(cat "$work/run/app/r")" = run ] || fail "bind /run/app lost its content"
