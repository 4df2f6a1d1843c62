#!/usr/bin/env bash
# import (file, stdin, compressed, --change, -m) and export (a container's merged
# file system, running or not) round trip: export | import gives the same files.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd jq runc xz

fx=$(fixtures_dir)
work=$E2E_CASE_DIR/work
mkdir -p "$work/rootfs"
tar -xzf "$fx/layers/base.tar.gz" -C "$work/rootfs"
echo imported >"$work/rootfs/marker"
img_tar "$work/rootfs.tar" "$work/rootfs"

expect 0 tug import "$work/rootfs.tar" imp:plain
assert_match "$OUT" '^sha256:[0-9a-f]{64}$' "import output"
plain_id=$OUT
expect 0 tug image inspect -f '{{json .RootFS.Layers}}' imp:plain
assert_eq "[\"sha256:$(sha256sum "$work/rootfs.tar" | cut -c1-64)\"]" "$OUT" "diff id of an uncompressed import"

xz -c "$work/rootfs.tar" >"$work/rootfs.tar.xz"
expect 0 bash -c "'$TUG_BIN' import \
    -c 'CMD [\"cat\", \"/marker\"]' -c 'ENV A=1 B=two' -c 'EXPOSE 8080 53/udp' -c 'WORKDIR /tmp' \
    -c 'USER 1000' -c 'LABEL k=v' -c 'VOLUME /data' -c 'STOPSIGNAL SIGINT' -c 'ENTRYPOINT [\"/bin/echo\"]' \
    -m 'from xz' --platform linux/arm64 - imp:changed < '$work/rootfs.tar.xz'"
expect 0 tug image inspect imp:changed
assert_json "$OUT" '.[0].Config.Cmd == ["cat", "/marker"]'
assert_json "$OUT" '.[0].Config.Env | index("A=1") != null and index("B=two") != null'
assert_json "$OUT" '.[0].Config.ExposedPorts | has("8080/tcp") and has("53/udp")'
assert_json "$OUT" '.[0].Config.WorkingDir == "/tmp" and .[0].Config.User == "1000"'
assert_json "$OUT" '.[0].Config.Labels.k == "v" and (.[0].Config.Volumes | has("/data"))'
assert_json "$OUT" '.[0].Config.StopSignal == "SIGINT" and .[0].Architecture == "arm64"'
assert_json "$OUT" '.[0].Comment == "from xz" and .[0].Config.Entrypoint == ["/bin/echo"]'
expect nonzero tug import -c 'FROM x' "$work/rootfs.tar"
assert_contains "$ERR" "not a valid change command"

# export of a stopped container, then of a running one; both hold the files and the
# container's own changes.
c=$(uniq_name exp)
expect 0 tug run --name "$c" imp:plain sh -c 'echo changed >/marker && mkdir -p /new && echo x >/new/file'
expect 0 tug export -o "$work/stopped.tar" "$c"
run tar -xOf "$work/stopped.tar" marker
assert_eq changed "$OUT" "exported /marker"
run tar -tf "$work/stopped.tar"
assert_contains "$OUT" "new/file"
assert_contains "$OUT" "bin/busybox"
expect 0 tug rm "$c"

r=$(uniq_name exprun)
expect 0 tug run -d --name "$r" imp:plain sh -c 'echo running >/marker; sleep 300'
wait_for 20 bash -c "'$TUG_BIN' export '$r' | tar -xOf - marker | grep -qx running"
expect 0 tug rm -f "$r"

# export | import round trip.
expect 0 bash -c "'$TUG_BIN' import '$work/stopped.tar' imp:roundtrip"
expect 0 tug run --rm imp:roundtrip cat /new/file
assert_eq x "$OUT" "file after export | import"
