#!/usr/bin/env bash
# A data root written by the release before typed records (test/fixtures/legacy-store,
# made by make-store.sh with that release) is upgraded in place on first use: its
# containers still list, inspect, start, show their logs and are removed; its image,
# volume and network list and inspect as before and keep working.
# tug-e2e: serial
source "$TUG_E2E_LIB/harness.sh"
require_root
require_tug
require_cmd runc xz
[ "$(uname -m)" = x86_64 ] || skip "the legacy-store fixture's program is x86_64"

fixture=$(cd "$TUG_E2E_LIB/../../fixtures/legacy-store" && pwd)/store.tar.xz
mkdir -p "$TUG_DATA_ROOT"
tar -C "$TUG_DATA_ROOT" -xJf "$fixture"
on_cleanup tug network rm legacy-net
on_cleanup tug rm -f legacy-created legacy-exited legacy-host

# The first command upgrades the store: every container is there as the old release left it.
expect 0 tug ps -a --format '{{.Names}} {{.Status}} {{.Command}}'
assert_contains "$OUT" 'legacy-created Created "/say created"'
assert_contains "$OUT" 'legacy-exited Exited (0)'
assert_contains "$OUT" 'legacy-host Exited (0)'
expect_out 0 "3" bash -c "'$TUG_BIN' ps -aq | wc -l"

# inspect shows what create recorded then.
expect 0 tug inspect legacy-exited
assert_json "$OUT" '.[0].Name == "/legacy-exited" and .[0].State.Status == "exited" and .[0].State.ExitCode == 0'
assert_json "$OUT" '.[0].Config.Labels.role == "exited" and (.[0].Config.Env | index("B=2") != null)'
assert_json "$OUT" '.[0].Config.Entrypoint == ["/say"] and .[0].Args == ["exited", "once"]'
assert_json "$OUT" '.[0].HostConfig.RestartPolicy == {"Name": "on-failure", "MaximumRetryCount": 3}'
assert_json "$OUT" '.[0].Config.StopTimeout == 7'
assert_json "$OUT" '.[0].HostConfig.PortBindings["8080/tcp"][0].HostIp == "127.0.0.1"'
assert_json "$OUT" '[.[0].Mounts[] | select(.Type == "volume") | .Name] == ["legacy-vol"]'
assert_json "$OUT" '.[0].State.StartedAt != "0001-01-01T00:00:00Z" and .[0].State.FinishedAt != "0001-01-01T00:00:00Z"'
assert_json "$OUT" ".[0].LogPath | startswith(\"$TUG_DATA_ROOT/containers/\")"
expect_out 0 "legacy-net old" tug inspect -f '{{range $n, $e := .NetworkSettings.Networks}}{{$n}} {{join $e.Aliases ","}}{{end}}' legacy-created
expect_out 0 "host" tug inspect -f '{{.HostConfig.NetworkMode}}' legacy-host
expect_out 0 "said: exited once" tug logs legacy-exited

# The image, the networks and the volume list and inspect as the old release showed them.
image_id=sha256:1d706b772360fe6dffe66f8fb8d1407c3a6f7e744a4334b32f26b7c4fca6926c
expect 0 tug images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}'
assert_contains "$OUT" "legacy:1 1d706b772360 8.57kB"
expect 0 tug image inspect legacy:1
assert_json "$OUT" ".[0].Id == \"$image_id\" and .[0].RepoTags == [\"legacy:1\"] and .[0].Size == 8568"
assert_json "$OUT" '.[0].Created == "1970-01-01T00:00:00Z" and .[0].Architecture == "amd64" and .[0].Os == "linux"'
assert_json "$OUT" '.[0].Config.Labels["org.tug.fixture"] == "legacy" and .[0].Config.Entrypoint == ["/say"]'
assert_json "$OUT" '.[0].RootFS.Layers == ["sha256:b3871733ee0df233877aa1ebca4d5358b48613774026179dec7b50cb66a1379f"]'
expect_out 0 "$image_id" tug image inspect -f '{{.Id}}' 1d706b

expect 0 tug network ls --format '{{.Name}} {{.Driver}} {{.ID}} {{.CreatedAt}}'
assert_contains "$OUT" "legacy-net bridge 6b22a61d39f4 2026-12-07T18:51:26.1802972Z"
assert_contains "$OUT" "bridge bridge 820116600fbb 2026-12-07T18:51:26.17951994Z"
assert_contains "$OUT" "host host 0a241ccb5274"
assert_contains "$OUT" "none null 14e2c2f4ddb9"
expect 0 tug network inspect legacy-net bridge
assert_json "$OUT" '.[0].Name == "legacy-net" and .[0].Created == "2026-12-07T18:51:26.1802972Z" and .[0].Scope == "local"'
assert_json "$OUT" '.[0].IPAM == {"Driver": "default", "Options": {}, "Config": [{"Subnet": "10.4.2.0/24", "Gateway": "10.4.2.1"}]}'
assert_json "$OUT" '.[0].Options == {} and .[0].Labels == {} and .[0].Internal == false and .[0].EnableIPv6 == false'
assert_json "$OUT" '(.[0] | keys) == ["Attachable", "ConfigFrom", "ConfigOnly", "Containers", "Created", "Driver", "EnableIPv6", "IPAM", "Id", "Ingress", "Internal", "Labels", "Name", "Options", "Scope"]'
assert_json "$OUT" '.[1].Name == "bridge" and .[1].IPAM.Options == null and .[1].Options["com.docker.network.bridge.name"] == "tug0"'

expect_out 0 "local legacy-vol 2026-12-07T18:51:26Z" tug volume ls --format '{{.Driver}} {{.Name}} {{.CreatedAt}}'
expect 0 tug volume inspect legacy-vol
# The Mountpoint follows the data root: the old record named the directory it was made in.
assert_json "$OUT" ".[0].Mountpoint == \"$TUG_DATA_ROOT/volumes/legacy-vol/_data\""
assert_json "$OUT" '.[0].Name == "legacy-vol" and .[0].CreatedAt == "2026-12-07T18:51:26Z" and .[0].Labels == {} and .[0].Options == {}'
assert_json "$OUT" '(.[0] | keys) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]'

# The volume is still in use by the container that mounts it.
expect 1 tug volume rm legacy-vol
assert_contains "$ERR" "volume is in use"

# Each container starts from the old record and runs its command again.
expect_out 0 "said: exited once" tug start -a legacy-exited
expect_out 0 "0" tug inspect -f '{{.State.ExitCode}}' legacy-exited
expect_out 0 "said: on the host" tug start -a legacy-host
expect_out 0 "said: created" tug start -a legacy-created
expect_out 0 "exited" tug inspect -f '{{.State.Status}}' legacy-created
expect 0 tug logs legacy-exited
assert_eq "said: exited once
said: exited once" "$OUT" "the old log and the new run's"

# A new container next to the old ones, from the old image.
fresh=$(uniq_name fresh)
expect_out 0 "said: new" tug run --rm --name "$fresh" legacy:1 new

# And they go: rm, then the image, the volume and the network are free.
expect 0 tug rm legacy-created legacy-exited legacy-host
expect_out 0 "0" bash -c "'$TUG_BIN' ps -aq | wc -l"
expect 0 tug volume rm legacy-vol
expect 0 tug rmi legacy:1
expect 0 tug network rm legacy-net
