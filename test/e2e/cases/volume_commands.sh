#!/usr/bin/env bash
# tug volume create/ls/inspect/rm/prune as docker prints them: names, tables, filters,
# inspect JSON, errors and exit codes, local-driver options (tmpfs mounted on first use).
source "$TUG_E2E_LIB/harness.sh"
require_root
require_tug

v1=$(uniq_name vol)
v2=$(uniq_name vol)

# create prints the name; creating again is not an error.
expect_out 0 "$v1" tug volume create --label tier=db --label flag "$v1"
expect_out 0 "$v1" tug volume create "$v1"
expect_out 0 "$v2" tug volume create --name "$v2"
on_cleanup tug volume rm -f "$v1" "$v2"

expect 1 tug volume create bad/name
assert_contains "$ERR" "\"bad/name\" includes invalid characters for a local volume name"
expect 1 tug volume create -d nfsplugin "$(uniq_name vol)"
assert_contains "$ERR" "error looking up volume plugin nfsplugin: plugin \"nfsplugin\" not found"
expect 1 tug volume create -o foo=bar "$(uniq_name vol)"
assert_contains "$ERR" 'invalid option: "foo"'
expect 1 tug volume create -o type=tmpfs "$(uniq_name vol)"
assert_contains "$ERR" 'missing required option: "device"'

# inspect: docker's keys, Mountpoint under the data root.
expect 0 tug volume inspect "$v1"
assert_json "$OUT" "length == 1 and .[0].Name == \"$v1\" and .[0].Driver == \"local\" and .[0].Scope == \"local\""
assert_json "$OUT" ".[0].Mountpoint == \"$TUG_DATA_ROOT/volumes/$v1/_data\" and .[0].Labels == {\"tier\":\"db\",\"flag\":\"\"}"
assert_json "$OUT" '.[0] | keys == ["CreatedAt","Driver","Labels","Mountpoint","Name","Options","Scope"]'
assert_json "$OUT" '.[0].CreatedAt | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")'
[ -d "$TUG_DATA_ROOT/volumes/$v1/_data" ] || fail "volume directory missing"
expect_out 0 "$v1 local" tug volume inspect -f '{{.Name}} {{.Driver}}' "$v1"
expect 1 tug volume inspect "$v1" nosuchvolume
assert_eq "$ERR" "Error: No such volume: nosuchvolume"
assert_json "$OUT" "length == 1"

# ls: docker's table, -q, filters, --format.
expect 0 tug volume ls
assert_match "$OUT" '^DRIVER +VOLUME NAME'
assert_match "$OUT" $'\n'"local +$v1"
expect 0 tug volume ls -q
assert_contains "$OUT" "$v1"
assert_not_contains "$OUT" "DRIVER"
expect_out 0 "$v1" tug volume ls -q --filter label=tier=db
expect_out 0 "$v2" tug volume ls -q --filter "name=$v2"
expect 0 tug volume ls -q --filter dangling=true
assert_contains "$OUT" "$v1"
expect_out 0 "$v1|local|flag=,tier=db" tug volume ls --filter "name=$v1" --format '{{.Name}}|{{.Driver}}|{{.Labels}}'
expect 0 tug volume ls --format json --filter "name=$v1"
assert_json "$OUT" ".Name == \"$v1\" and .Driver == \"local\""
expect 1 tug volume ls --filter colour=red
assert_contains "$ERR" "invalid filter 'colour'"

# rm prints each name; a missing one fails unless -f.
expect 1 tug volume rm "$v2" nosuchvolume
assert_eq "$OUT" "$v2"
assert_contains "$ERR" "no such volume"
expect_out 0 "nosuchvolume" tug volume rm -f nosuchvolume
expect 0 tug volume ls -q
assert_not_contains "$OUT" "$v2"

# prune: only anonymous volumes unless --all; named volumes survive.
expect 0 tug volume prune -f
assert_contains "$OUT" "Total reclaimed space:"
expect_out 0 "$v1" tug volume ls -q --filter "name=$v1"
v3=$(uniq_name vol)
expect 0 tug volume create --label prune=me "$v3"
echo data > "$TUG_DATA_ROOT/volumes/$v3/_data/file"
expect 0 tug volume prune -f --all --filter label=prune=me
assert_eq "$OUT" $'Deleted Volumes:\n'"$v3"$'\n\nTotal reclaimed space: 5B'
[ ! -e "$TUG_DATA_ROOT/volumes/$v3" ] || fail "pruned volume directory left behind"
expect_out 0 "$v1" tug volume ls -q --filter "name=$v1"

# A local volume with mount options records them; it is mounted only when used.
v4=$(uniq_name vol)
expect_out 0 "$v4" tug volume create -o type=tmpfs -o device=tmpfs -o o=size=2m "$v4"
on_cleanup tug volume rm -f "$v4"
expect 0 tug volume inspect -f '{{json .Options}}' "$v4"
assert_json "$OUT" '. == {"type":"tmpfs","device":"tmpfs","o":"size=2m"}'
if mountpoint -q "$TUG_DATA_ROOT/volumes/$v4/_data"; then fail "volume mounted before use"; fi
expect_out 0 "$v4" tug volume rm "$v4"
