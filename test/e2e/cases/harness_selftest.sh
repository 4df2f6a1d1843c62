# Checks the e2e harness itself: it can fail, skips and strict mode, cleanup, fixtures
# that are deterministic and loadable, the probe, and the registry in every mode.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
source "$TUG_E2E_LIB/registry.sh"
require_cmd jq skopeo curl gcc

# --- tug itself, when it is built
if [ -n "$TUG_BIN" ] && [ -x "$TUG_BIN" ]; then
    expect 0 tug version
    [ -n "$OUT" ] || fail "tug version printed nothing"
else
    note "TUG_BIN '$TUG_BIN' not built: checking the harness only"
fi

# --- the harness must be able to fail: nested cases, each a script of its own
nested_dir=$TMPDIR/nested
mkdir -p "$nested_dir"
# nested <name> <strict> <body>: runs a case whose body is <body>; sets RC, OUT, ERR.
nested() {
    local name=$1 strict=$2 body=$3
    printf 'source "$TUG_E2E_LIB/harness.sh"\n%s\n' "$body" >"$nested_dir/$name.sh"
    run env TUG_E2E_WORK="$nested_dir/work" TUG_E2E_STRICT="$strict" bash "$nested_dir/$name.sh"
}

nested wrong_code 0 'expect 3 true; echo not-reached'
assert_eq 1 "$RC" "exit of a case whose expect got the wrong code"
assert_contains "$ERR" "expected exit 3, got 0" "its stderr"
assert_not_contains "$OUT" "not-reached" "its stdout"
assert_not_contains "$OUT" "PASS" "its stdout"
assert_match "$(cat "$nested_dir/work/logs/wrong_code.log")" 'FAIL: expected exit 3' "its kept log"

nested in_subshell 0 '( expect 0 false ) || true; echo went-on'
assert_eq 1 "$RC" "exit of a case failing inside a subshell"
assert_contains "$OUT" "went-on" "its stdout"

nested in_pipeline 0 'echo data | expect 0 cat; [ "$OUT" = data ] || fail "OUT lost in a pipeline"'
assert_eq 0 "$RC" "exit of a case piping into expect"

nested nonzero 0 'expect nonzero false; expect nonzero true'
assert_eq 1 "$RC" "exit of expect nonzero on a command that succeeds"
assert_contains "$ERR" "expected exit nonzero, got 0" "its stderr"
nested wrong_stdout 0 'expect_out 0 "b" echo a'
assert_eq 1 "$RC" "exit of expect_out with the wrong output"
nested bad_json 0 'assert_json "{not json"'
assert_eq 1 "$RC" "exit of assert_json on bad JSON"
nested json_filter 0 'assert_json "{\"a\":1}" ".a == 2"'
assert_eq 1 "$RC" "exit of assert_json with a false filter"
nested bad_match 0 'assert_match "abc" "^b"'
assert_eq 1 "$RC" "exit of assert_match without a match"
nested stray_false 0 'false; echo not-reached'
assert_eq 1 "$RC" "exit of a case with a failing bare command"
assert_not_contains "$OUT" "not-reached" "its stdout"
nested stray_77 0 'sh -c "exit 77"'
assert_eq 1 "$RC" "exit of a case whose command exits 77 (not a skip)"

nested skipper 0 'skip "no frobnicator here"'
assert_eq 77 "$RC" "exit of a skipped case"
assert_contains "$OUT" "no frobnicator here" "skip reason"
nested skipper 1 'skip "no frobnicator here"'
assert_eq 1 "$RC" "exit of a skipped case in strict mode"
assert_contains "$ERR" "no frobnicator here" "strict skip reason"

# Cleanup: reverse order, run on failure, background jobs killed, dirs removed, mounts undone.
mount_part=
if [ "$(id -u)" = 0 ]; then
    mount_part='mkdir -p "$TUG_DATA_ROOT/m" && mount -t tmpfs none "$TUG_DATA_ROOT/m" && touch "$TUG_DATA_ROOT/m/x"'
fi
nested cleaner 0 "
echo \"\$TUG_DATA_ROOT \$TUG_STATE_DIR \$TUG_CONFIG \$DOCKER_CONFIG\" >'$nested_dir/paths'
on_cleanup echo cleanup-first-registered
on_cleanup false
on_cleanup echo cleanup-last-registered
bg sleep 1000
echo \$BG_PID >'$nested_dir/bgpid'
$mount_part
a=\$(uniq_name Same); b=\$(uniq_name Same)
[ \"\$a\" != \"\$b\" ] || fail 'uniq_name repeated'
[[ \$a =~ ^same-[0-9a-f]+\$ ]] || fail \"uniq_name not lower-case: \$a\"
fail 'deliberate'
"
assert_eq 1 "$RC" "exit of the cleanup case"
read -r n_root n_state n_config n_docker <"$nested_dir/paths"
case $n_root in "$nested_dir/work/"*) ;; *) fail "nested data root $n_root is not under its TUG_E2E_WORK" ;; esac
assert_ne "$TUG_DATA_ROOT" "$n_root" "nested data root"
assert_ne "$TUG_STATE_DIR" "$n_state" "nested state dir"
[ ! -e "$n_root" ] || fail "data root $n_root left behind"
[ ! -e "$n_state" ] || fail "state dir $n_state left behind"
[ -f "$n_config" ] && [ ! -s "$n_config" ] || fail "TUG_CONFIG $n_config is not an empty file"
case $n_docker in "$nested_dir/work/"*) ;; *) fail "DOCKER_CONFIG $n_docker not isolated" ;; esac
if findmnt -rn -o TARGET | grep -q "^$n_root"; then fail "a mount under $n_root survived"; fi
bgpid=$(<"$nested_dir/bgpid")
if kill -0 "$bgpid" 2>/dev/null; then fail "background pid $bgpid survived its case"; fi
nlog=$(cat "$nested_dir/work/logs/cleaner.log")
assert_match "$nlog" 'cleanup-last-registered.*cleanup: false.*cleanup failed.*cleanup-first-registered' "cleanup order in the log"

# A runc container left running by a case is removed at its exit (root only).
if [ "$(id -u)" = 0 ] && command -v runc >/dev/null; then
    fx=$(fixtures_dir)
    leak_secs=7$(printf %04d $((RANDOM % 10000)))
    nested runc_leak 0 "
b=\$TUG_DATA_ROOT/bundle
mkdir -p \$b/rootfs
for l in base probe-top; do tar -xzf '$fx'/layers/\$l.tar.gz -C \$b/rootfs; done
(cd \$b && runc spec)
jq '.process.args = [\"/probe\", \"sleep\", \"$leak_secs\"] | .process.terminal = false' \$b/config.json >\$b/c
mv \$b/c \$b/config.json
expect 0 runc --root \$TUG_STATE_DIR/runc run -d --bundle \$b leak-\$\$ </dev/null
wait_for 10 pgrep -fx '/probe sleep $leak_secs'
echo \$TUG_STATE_DIR leak-\$\$ >'$nested_dir/leak'
"
    assert_eq 0 "$RC" "exit of the case leaving a runc container"
    read -r leak_root leak_id <"$nested_dir/leak"
    [ ! -e "$leak_root" ] || fail "state dir $leak_root of $leak_id left behind"
    if pgrep -fx "/probe sleep $leak_secs" >/dev/null; then fail "the leaked container's process survived"; fi

    # A case killed outright leaves its container, mounts and dirs; the next case to start
    # sweeps them.
    kill_secs=8$(printf %04d $((RANDOM % 10000)))
    nested killed 0 "
b=\$TUG_DATA_ROOT/bundle
mkdir -p \$b/rootfs \$TUG_DATA_ROOT/m
mount -t tmpfs none \$TUG_DATA_ROOT/m
for l in base probe-top; do tar -xzf '$fx'/layers/\$l.tar.gz -C \$b/rootfs; done
(cd \$b && runc spec)
jq '.process.args = [\"/probe\", \"sleep\", \"$kill_secs\"] | .process.terminal = false' \$b/config.json >\$b/c
mv \$b/c \$b/config.json
expect 0 runc --root \$TUG_STATE_DIR/runc run -d --bundle \$b killed-\$\$ </dev/null
wait_for 10 pgrep -fx '/probe sleep $kill_secs'
echo \$TUG_STATE_DIR \$TUG_DATA_ROOT >'$nested_dir/killed'
kill -9 \$\$
"
    assert_eq 137 "$RC" "exit of the case killed with SIGKILL"
    read -r killed_state killed_root <"$nested_dir/killed"
    pgrep -fx "/probe sleep $kill_secs" >/dev/null || fail "the killed case's container was not left running"
    nested sweeper 0 'expect 0 true'
    assert_eq 0 "$RC" "exit of the case after the killed one"
    # Any case that starts sweeps, and under ctest -j another case may have claimed the
    # killed one's record first: its sweep is over when the claimed record is gone.
    wait_for 60 bash -c "! compgen -G '$killed_state.case*'"
    if pgrep -fx "/probe sleep $kill_secs" >/dev/null; then fail "the killed case's container survived the sweep"; fi
    if findmnt -rn -o TARGET | grep -q "^$killed_root"; then fail "a mount of the killed case survived the sweep"; fi
    [ ! -e "$killed_state" ] || fail "state dir $killed_state of the killed case survived the sweep"
    [ ! -e "$killed_root" ] || fail "data root $killed_root of the killed case survived the sweep"
fi

nested passer 0 'expect 0 true'
assert_eq 0 "$RC" "exit of a passing case"
assert_contains "$OUT" "PASS passer" "its stdout"

# --- fixtures: cached build, and two fresh builds byte-identical
fx=$(fixtures_dir)
assert_eq "$fx" "$(fixtures_dir)" "fixtures dir (cached)"
for f in busybox-oci/index.json busybox-oci/oci-layout busybox-oci.tar busybox-docker.tar \
    probe-oci/index.json probe-oci.tar probe-docker.tar probe evil_tar; do
    [ -s "$fx/$f" ] || fail "fixture $f missing"
done
expect 0 bash "$E2E_FIXTURES_SRC/build-fixtures.sh" "$TMPDIR/fx-a"
expect 0 bash "$E2E_FIXTURES_SRC/build-fixtures.sh" "$TMPDIR/fx-b"
for img in busybox probe; do
    assert_eq "$(sha256sum <"$TMPDIR/fx-a/$img-docker.tar")" "$(sha256sum <"$TMPDIR/fx-b/$img-docker.tar")" "sha256 of $img-docker.tar across builds"
done
expect 0 diff "$TMPDIR/fx-a/SHA256SUMS" "$TMPDIR/fx-b/SHA256SUMS"
expect 0 diff "$TMPDIR/fx-a/SHA256SUMS" "$fx/SHA256SUMS"
(cd "$fx" && sha256sum --quiet --strict -c SHA256SUMS) || fail "cached fixtures do not match their SHA256SUMS"

# Image structure, read back with skopeo (an independent implementation).
expect 0 skopeo inspect --config --raw "oci:$fx/busybox-oci:latest"
bb_config=$OUT
assert_json "$bb_config" '.config.Cmd == ["sh"] and .architecture == "amd64" and .os == "linux"'
assert_json "$bb_config" '(.rootfs.diff_ids | length) >= 2 and .config.Labels["org.tug.fixture"] == "busybox"'
assert_json "$bb_config" '.config.Env | any(startswith("PATH="))'
expect 0 skopeo inspect --config --raw "oci:$fx/probe-oci:latest"
assert_json "$OUT" '.config.Entrypoint == ["/probe"]'
expect 0 skopeo inspect --config --raw "docker-archive:$fx/busybox-docker.tar"
assert_eq "$bb_config" "$OUT" "busybox config in docker-archive and OCI layout"
expect 0 tar -xOf "$fx/busybox-docker.tar" manifest.json
assert_json "$OUT" '.[0].RepoTags == ["busybox:latest"] and (.[0].Layers | length) == 2'
expect 0 skopeo inspect "oci-archive:$fx/probe-oci.tar"
bb_index=$(cat "$fx/busybox-oci/index.json")
assert_json "$bb_index" '.manifests[0].platform == {"architecture":"amd64","os":"linux"}'
# Both images share their base layer, so layer dedup is exercised.
assert_eq "$(jq -r '.layers[0].digest' "$fx/busybox-oci/blobs/sha256/$(jq -r '.manifests[0].digest' "$fx/busybox-oci/index.json" | cut -d: -f2)")" \
    "$(jq -r '.layers[0].digest' "$fx/probe-oci/blobs/sha256/$(jq -r '.manifests[0].digest' "$fx/probe-oci/index.json" | cut -d: -f2)")" \
    "base layer of busybox and probe"

# Another engine loads them: podman, with a private store.
if command -v podman >/dev/null; then
    # podman limits its runroot path to 50 characters.
    pod_run=$(mktemp -d "$E2E_STATE_BASE/podman.XXXXXX")
    on_cleanup rm -rf "$TMPDIR/podman" "$pod_run"
    pod=(podman --root "$TMPDIR/podman/root" --runroot "$pod_run" --storage-driver vfs)
    expect 0 "${pod[@]}" load -i "$fx/busybox-docker.tar"
    expect 0 "${pod[@]}" load -i "$fx/probe-oci.tar"
    expect 0 "${pod[@]}" images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    bb_id=$(jq -r '.config.digest' "$fx/busybox-oci/blobs/sha256/$(jq -r '.manifests[0].digest' "$fx/busybox-oci/index.json" | cut -d: -f2)")
    pr_id=$(jq -r '.config.digest' "$fx/probe-oci/blobs/sha256/$(jq -r '.manifests[0].digest' "$fx/probe-oci/index.json" | cut -d: -f2)")
    assert_match "$OUT" "busybox:latest $bb_id" "podman images"
    assert_match "$OUT" "docker.io/library/probe:latest $pr_id" "podman images"
fi

# Crafted layers really contain what they claim.
fixture_evil_layer dotdot "$TMPDIR/evil-dotdot.tar.gz" /tmp/tug-escape
expect 0 tar -tzf "$TMPDIR/evil-dotdot.tar.gz"
assert_contains "$OUT" "../../tmp/tug-escape" "dotdot layer listing"
fixture_evil_layer symlink-abs "$TMPDIR/evil-symlink.tar.gz" /tmp
expect 0 tar -tvzf "$TMPDIR/evil-symlink.tar.gz"
assert_match "$OUT" 'evil -> /tmp' "symlink layer listing"
assert_contains "$OUT" "evil/escaped.txt" "symlink layer listing"

# --- the probe on the host, and inside the fixture rootfs
expect 0 "$fx/probe"
probe_json=$OUT
assert_json "$probe_json" ".uid == $(id -u) and .gid == $(id -g) and (.argv | length) == 1"
assert_json "$probe_json" '(.mounts | length) > 0 and (.mounts | any(.target == "/"))'
assert_json "$probe_json" '.interfaces | any(.name == "lo" and (.ipv4 | index("127.0.0.1/8")))'
assert_json "$probe_json" '.rlimits.nofile.soft > 0 and (.capabilities.CapEff | test("^[0-9a-f]{16}$"))'
assert_json "$probe_json" '(.seccomp | test("^[012]$")) and (.no_new_privs == 0 or .no_new_privs == 1)'
assert_json "$probe_json" '(.cgroup.version == 1 or .cgroup.version == 2) and (.proc_masking.paths | length) > 5'
assert_json "$probe_json" ".cwd == \"$PWD\" and (.env | index(\"TUG_DATA_ROOT=$TUG_DATA_ROOT\") != null)"
expect_out 0 "a b  c" "$fx/probe" echo a "b " c
expect 42 "$fx/probe" exit 42
expect 143 timeout --preserve-status -s TERM 0.5 "$fx/probe" sleep 30
port=$(free_port)
bg "$fx/probe" serve "$port"
wait_for 10 curl -sf "http://127.0.0.1:$port/"
expect 0 curl -sf "http://127.0.0.1:$port/anything"
assert_json "$OUT" '.client | startswith("127.0.0.1:")'
if [ "$(id -u)" = 0 ]; then
    rootfs=$TMPDIR/rootfs
    mkdir -p "$rootfs"
    for l in base probe-top; do tar -xzf "$fx/layers/$l.tar.gz" -C "$rootfs"; done
    expect 0 chroot --userspec=1000:1000 --groups=1001 "$rootfs" /probe
    assert_json "$OUT" '.uid == 1000 and .gid == 1000 and .groups == [1001] and .cwd != null'
    expect 0 chroot "$rootfs" /bin/sh -c 'id tug; echo $0'
    assert_contains "$OUT" "groups=1000(tug),1001(tugextra)" "id tug in the fixture"
    # In a real runc container, what the probe reports must be what the spec asked for.
    if command -v runc >/dev/null; then
        bundle=$TMPDIR/bundle
        mkdir -p "$bundle"
        mv "$rootfs" "$bundle/rootfs"
        (cd "$bundle" && runc spec)
        jq '.process.args = ["/probe"] | .process.terminal = false
            | .process.user = {uid: 1000, gid: 1000, additionalGids: [1001]}
            | .linux.resources.memory = {limit: 67108864} | .linux.resources.pids = {limit: 50}
            | .linux.resources.cpu = {quota: 50000, period: 100000}
            | .process.rlimits = [{type: "RLIMIT_NOFILE", hard: 2048, soft: 1024}]' \
            "$bundle/config.json" >"$bundle/c"
        mv "$bundle/c" "$bundle/config.json"
        expect 0 runc --root "$TUG_STATE_DIR/runc" run --bundle "$bundle" "$(uniq_name probe)" </dev/null
        assert_json "$OUT" '.uid == 1000 and .groups == [1001] and .hostname == "runc" and .no_new_privs == 1'
        assert_json "$OUT" '.cgroup.memory_limit == 67108864 and .cgroup.pids_max == 50 and .cgroup.cpu_quota == 50000'
        assert_json "$OUT" '.rlimits.nofile == {soft: 1024, hard: 2048} and .capabilities.effective == []'
        assert_json "$OUT" '[.proc_masking.paths[] | select(.path == "/sys/firmware" or .path == "/proc/timer_list") | .masked] | all'
        assert_json "$OUT" '.proc_masking.paths[] | select(.path == "/proc/sys") | .readonly and (.masked | not)'
        assert_json "$OUT" '(.interfaces | map(.name)) == ["lo"]'
    fi
fi

# --- registries: each mode answers /v2/ and takes a push that skopeo reads back
bb_manifest_digest=$(jq -r '.manifests[0].digest' "$fx/busybox-oci/index.json")
for mode in http tls auth; do
    registry_start "$mode"
    if [ "$mode" = auth ]; then
        REG_USER='' registry_curl /v2/
        assert_eq 401 "$REG_STATUS" "/v2/ without credentials ($mode)"
        REG_PASS=wrong registry_curl /v2/
        assert_eq 401 "$REG_STATUS" "/v2/ with a wrong password ($mode)"
    fi
    registry_curl /v2/
    assert_eq 200 "$REG_STATUS" "/v2/ ($mode)"
    if [ "$mode" != http ]; then
        [ -f "$REG_CERTS_D/$REG_HOST/ca.crt" ] || fail "no ca.crt in $REG_CERTS_D/$REG_HOST"
        # Without the CA, TLS must not verify: the registry really serves our certificate.
        expect 60 curl -s --max-time 10 "$REG_URL/v2/"
        expect 0 curl -s --max-time 10 --cacert "$REG_CERTS_D/$REG_HOST/ca.crt" -o /dev/null "https://localhost:${REG_HOST#*:}/v2/"
    fi
    repo=$(uniq_name selftest/busybox)
    registry_push_fixture "$fx/busybox-oci" "$repo:v1"
    mapfile -t sargs < <(registry_skopeo_args src)
    sargs=("${sargs[@]/--src-/--}")
    expect 0 skopeo inspect "${sargs[@]}" "docker://$REG_HOST/$repo:v1"
    assert_json "$OUT" ".Digest == \"$bb_manifest_digest\" and .Labels[\"org.tug.fixture\"] == \"busybox\""
    registry_curl "/v2/$repo/tags/list"
    assert_eq 200 "$REG_STATUS" "tags list ($mode)"
    assert_json "$REG_BODY" '.tags == ["v1"]'
done

# A multi-platform image made of fixture layers goes through a registry intact.
FIXTURE_ARCH=arm64 FIXTURE_VARIANT=v8 fixture_image "$TMPDIR/bb-arm64" docker.io/library/busybox:arm64 '{"Cmd":["sh"]}' \
    "$fx/layers/base.tar.gz" "$fx/layers/busybox-top.tar.gz"
fixture_index "$TMPDIR/bb-multi" docker.io/library/busybox:multi "$fx/busybox-oci" "$TMPDIR/bb-arm64"
expect 0 skopeo inspect --raw "oci:$TMPDIR/bb-multi:multi"
assert_json "$OUT" '[.manifests[].platform] == [{"architecture":"amd64","os":"linux"},{"architecture":"arm64","os":"linux","variant":"v8"}]'
repo=$(uniq_name selftest/multi)
mapfile -t dargs < <(registry_skopeo_args dest)
expect 0 skopeo --insecure-policy copy --all "${dargs[@]}" "oci:$TMPDIR/bb-multi:multi" "docker://$REG_HOST/$repo:1"
expect 0 skopeo inspect "${sargs[@]}" --override-arch arm64 --override-variant v8 "docker://$REG_HOST/$repo:1"
assert_json "$OUT" '.Architecture == "arm64"'
expect 0 skopeo inspect "${sargs[@]}" "docker://$REG_HOST/$repo:1"
assert_json "$OUT" ".Digest == \"$(jq -r '.manifests[0].digest' "$TMPDIR/bb-multi/index.json")\""

# --- a real terminal for -it tests
source "$TUG_E2E_LIB/tty.sh"
tty_start sh -c 'printf "ready> "; read -r x; echo "got:$x"; tty; exit 3'
tty_wait_for "ready>"
tty_send 'hello' Enter
tty_wait_exit 20
assert_eq 3 "$RC" "exit code of the command on the terminal"
tty_screen
assert_contains "$OUT" "got:hello" "terminal screen"
assert_match "$OUT" '/dev/pts/[0-9]+' "terminal screen"
