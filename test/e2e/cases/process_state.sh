#!/usr/bin/env bash
# The caller's process state reaches the engine only as values the CLI passes: run with
# umask 077, what tug makes has docker's modes (generated /etc files, a -w directory, a
# volume, the log, save/export archives); -e NAME and --env-file come from the caller's
# environment and directory; relative paths (-v ./x, --mount src=./x, cp, save -o,
# export -o, load -i, import, --cidfile) are the caller's.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc jq stat
fixture_load busybox

work="$E2E_CASE_DIR/cwd"
mkdir -p "$work/src"
echo hello >"$work/src/file"
cd "$work"
umask 077

# Inside the container: the generated files 0644, the -w directory and its parent 0755,
# a bind's missing mount point 0755, and the process's umask docker's 0022.
expect_out 0 "644 644 644 755 755 755 0022" tug run --rm --net=none -w /made/here -v "$work/src:/new/point" busybox \
    sh -c 'echo $(stat -c %a /etc/hosts /etc/resolv.conf /etc/hostname /made /made/here /new) $(umask)'

# The container's log, 0640 like docker's json-file.
name=$(uniq_name log)
expect 0 tug run --name "$name" --net=none busybox echo logged
on_cleanup tug rm -f "$name"
log_path=$($TUG_BIN inspect -f '{{.LogPath}}' "$name")
assert_eq 640 "$(stat -c %a "$log_path")" "log file mode"

# A named volume's directory, 0755 like docker's.
vol=$(uniq_name vol)
expect 0 tug volume create "$vol"
on_cleanup tug volume rm -f "$vol"
mp=$($TUG_BIN volume inspect -f '{{.Mountpoint}}' "$vol")
assert_eq 755 "$(stat -c %a "$mp")" "volume directory mode"

# -e NAME from the caller's environment (dropped when unset), --env-file read relative to
# the caller's directory, for run and exec alike.
echo "FROM_FILE=1" >vars
export TUG_E2E_VAR=caller
unset TUG_E2E_UNSET
expect_out 0 "caller-unset-1" tug run --rm --net=none -e TUG_E2E_VAR -e TUG_E2E_UNSET \
    --env-file vars busybox sh -c 'echo ${TUG_E2E_VAR}-${TUG_E2E_UNSET-unset}-${FROM_FILE}'
name=$(uniq_name exec)
expect 0 tug run -d --name "$name" --net=none busybox sleep 300
on_cleanup tug rm -f "$name"
expect_out 0 "caller-1" tug exec -e TUG_E2E_VAR --env-file vars "$name" \
    sh -c 'echo ${TUG_E2E_VAR}-${FROM_FILE}'
expect nonzero tug exec --env-file missing-vars "$name" true
assert_contains "$ERR" "missing-vars"

# Relative bind sources are the caller's directory.
expect_out 0 "hello" tug run --rm --net=none -v ./src:/src busybox cat /src/file
expect_out 0 "hello" tug run --rm --net=none --mount type=bind,src=./src,dst=/src busybox cat /src/file

# cp with relative host paths, both ways.
expect 0 tug cp src/file "$name:/tmp/copied"
expect 0 tug cp "$name:/tmp/copied" ./back
assert_eq hello "$(cat back)" "copied back"

# --cidfile, save -o, export -o, load -i and import with relative paths; the archives
# are 0600, as docker's CLI writes them.
cid=$(uniq_name cid)
expect 0 tug run -d --cidfile "$cid" --net=none busybox true
on_cleanup tug rm -f "$(cat "$work/$cid")"
[ -s "$work/$cid" ] || fail "--cidfile was not written in the caller's directory"
expect 0 tug save -o saved.tar busybox
assert_eq 600 "$(stat -c %a saved.tar)" "save -o mode"
expect 0 tug export -o exported.tar "$name"
assert_eq 600 "$(stat -c %a exported.tar)" "export -o mode"
expect 0 tug load -i saved.tar
imp=$(uniq_name imp)
expect 0 tug import exported.tar "$imp:latest"
on_cleanup tug rmi -f "$imp:latest"
expect nonzero tug import missing.tar "$imp:other"
assert_contains "$ERR" "missing.tar"
ls -A "$work" | grep -q '\.tmp-' && fail "a temp file was left beside an -o target"
true
