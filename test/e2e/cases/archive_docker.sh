#!/usr/bin/env bash
# Archive round trips with docker's own daemon (Debian's docker.io, started here on a
# private socket and data root): tug save -> docker load and docker save -> tug load,
# image ids and layer diff ids preserved, and the image docker wrote runs under tug.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd dockerd docker jq

fx=$(fixtures_dir)
# A unix socket path must stay short: under the short state dir.
droot=$E2E_STATE_DIR/dk
mkdir -p "$droot"
export DOCKER_HOST=unix://$droot/sock
# No bridge and no iptables: the daemon leaves the host's network alone; nothing here
# runs a docker container.
bg dockerd --data-root "$E2E_CASE_DIR/docker-data" --exec-root "$droot/exec" --pidfile "$droot/pid" \
    -H "$DOCKER_HOST" --bridge=none --iptables=false --ip6tables=false
dockerd_pid=$BG_PID
# Stopped before the harness's own cleanup: SIGTERM lets it unmount what it mounted.
on_cleanup bash -c "kill $dockerd_pid 2>/dev/null; for _ in \$(seq 1 100); do kill -0 $dockerd_pid 2>/dev/null || exit 0; sleep 0.1; done"
wait_for 30 docker version

expect 0 tug load -i "$fx/busybox-oci.tar"
expect 0 tug image inspect -f '{{.Id}} {{.RootFS.Layers}}' busybox
tug_view=$OUT

# tug save -> docker load: the same image id (config digest) and diff ids.
expect 0 tug save -o "$E2E_CASE_DIR/tug.tar" busybox
expect 0 docker load -i "$E2E_CASE_DIR/tug.tar"
assert_contains "$OUT" "Loaded image: busybox:latest"
expect 0 docker image inspect -f '{{.Id}} {{.RootFS.Layers}}' busybox:latest
assert_eq "$tug_view" "$OUT" "docker's view of the image tug saved"

# docker save -> tug load, into a store without the image.
expect 0 docker save -o "$E2E_CASE_DIR/docker.tar" busybox:latest
expect 0 tug rmi busybox
expect 0 tug load -i "$E2E_CASE_DIR/docker.tar"
assert_eq "Loaded image: busybox:latest" "$OUT"
expect 0 tug image inspect -f '{{.Id}} {{.RootFS.Layers}}' busybox
assert_eq "$tug_view" "$OUT" "tug's view of the image docker saved"
expect 0 tug run --rm --net=none busybox echo from-docker
assert_eq "from-docker" "$OUT"
