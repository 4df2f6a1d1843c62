#!/usr/bin/env bash
# tug-e2e: serial
# The offline installer workflow end to end: a multi-image archive (an app for amd64
# and arm64, and a registry image) is loaded, tagged for a registry that tug runs as a
# container with a published port, pushed, a manifest list is created, annotated and
# pushed, skopeo pulls each platform and gets its digest, and a new registry container
# on the same directory still serves everything.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
source "$TUG_E2E_LIB/registry.sh"
require_root
require_tug
require_cmd jq skopeo curl gzip ldd docker-registry runc

fx=$(fixtures_dir)
work=$E2E_CASE_DIR/work
mkdir -p "$work"

# arch_image <oci-dir> <name> <arch> <config-json> <layer.tar.gz>...: an OCI layout whose
# config declares <arch> (the rest as fixture_image builds it).
arch_image() {
    local dir=$1 name=$2 arch=$3 conf=$4
    shift 4
    fixture_image "$dir" "$name" "$conf" "$@"
    local mdig cdig cfg ch cs man mh ms
    mdig=$(jq -r '.manifests[0].digest' "$dir/index.json")
    cdig=$(jq -r '.config.digest' "$dir/blobs/sha256/${mdig#sha256:}")
    cfg=$dir/.cfg
    jq -c --arg a "$arch" '.architecture = $a' "$dir/blobs/sha256/${cdig#sha256:}" | tr -d '\n' >"$cfg"
    ch=$(sha256sum "$cfg" | cut -c1-64)
    cs=$(stat -c %s "$cfg")
    mv "$cfg" "$dir/blobs/sha256/$ch"
    man=$dir/.man
    jq -c --arg d "sha256:$ch" --argjson s "$cs" '.config.digest = $d | .config.size = $s' \
        "$dir/blobs/sha256/${mdig#sha256:}" | tr -d '\n' >"$man"
    mh=$(sha256sum "$man" | cut -c1-64)
    ms=$(stat -c %s "$man")
    mv "$man" "$dir/blobs/sha256/$mh"
    [ "$mh" = "${mdig#sha256:}" ] || rm -f "$dir/blobs/sha256/${mdig#sha256:}"
    [ "$ch" = "${cdig#sha256:}" ] || rm -f "$dir/blobs/sha256/${cdig#sha256:}"
    jq -c --arg d "sha256:$mh" --argjson s "$ms" --arg a "$arch" \
        '.manifests[0].digest = $d | .manifests[0].size = $s | .manifests[0].platform.architecture = $a' \
        "$dir/index.json" | tr -d '\n' >"$dir/.idx"
    mv "$dir/.idx" "$dir/index.json"
}

# The registry image: Debian's docker-registry, its shared libraries, a config.yml.
fixture_registry_image "$work" docker.io/library/registry:2

# The app, same layers for both architectures (the arm64 one is never run).
layers=("$fx/layers/base.tar.gz")
appconf='{"Cmd":["sh","-c","echo app"],"Env":["'"$FIXTURE_PATH_ENV"'"]}'
arch_image "$work/app-amd64" docker.io/library/app:1.0-amd64 amd64 "$appconf" "${layers[@]}"
arch_image "$work/app-arm64" docker.io/library/app:1.0-arm64 arm64 "$appconf" "${layers[@]}"
amd64_digest=$(jq -r '.manifests[0].digest' "$work/app-amd64/index.json")
arm64_digest=$(jq -r '.manifests[0].digest' "$work/app-arm64/index.json")
assert_ne "$amd64_digest" "$arm64_digest" "app manifest digests"

# One archive with the three images (an OCI layout, as docker 25+ writes it), gzip'ed.
bundle=$work/bundle
mkdir -p "$bundle/blobs/sha256"
printf '{"imageLayoutVersion":"1.0.0"}' >"$bundle/oci-layout"
for d in registry-oci app-amd64 app-arm64; do cp -n "$work/$d"/blobs/sha256/* "$bundle/blobs/sha256/"; done
jq -cs '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
         manifests: [.[].manifests[0]]}' \
    "$work/registry-oci/index.json" "$work/app-amd64/index.json" "$work/app-arm64/index.json" >"$bundle/index.json"
img_tar "$work/images.tar" "$bundle"
gzip -n -c "$work/images.tar" >"$work/images.tar.gz"

expect 0 tug load -i "$work/images.tar.gz"
assert_contains "$OUT" "Loaded image: registry:2"
assert_contains "$OUT" "Loaded image: app:1.0-amd64"
assert_contains "$OUT" "Loaded image: app:1.0-arm64"
expect 0 tug image inspect -f '{{.Architecture}}' app:1.0-arm64
assert_eq arm64 "$OUT" "arm64 image architecture"

port=$(_registry_free_port)
reg=127.0.0.1:$port
for t in registry:2 app:1.0-amd64 app:1.0-arm64; do expect 0 tug tag "$t" "$reg/lib/$t"; done

storage=$work/registry-storage
mkdir -p "$storage"
expect 0 tug run -d --name registry-http -p "$port:5000" -v "$storage:/var/lib/registry" "$reg/lib/registry:2"
wait_for 60 curl -sf "http://$reg/v2/"

for t in registry:2 app:1.0-amd64 app:1.0-arm64; do
    expect 0 tug push "$reg/lib/$t"
done

list=$reg/lib/app:1.0
expect 0 tug manifest create "$list" "$reg/lib/app:1.0-amd64" "$reg/lib/app:1.0-arm64"
assert_contains "$OUT" "Created manifest list $list"
expect nonzero tug manifest create "$list" "$reg/lib/app:1.0-amd64"
assert_contains "$ERR" "refusing to amend"
expect 0 tug manifest annotate --arch arm64 --variant v8 "$list" "$reg/lib/app:1.0-arm64"
expect 0 tug manifest inspect "$list"
assert_json "$OUT" "[.manifests[] | .platform.architecture] == [\"amd64\", \"arm64\"]"
assert_json "$OUT" ".manifests[1].platform.variant == \"v8\" and .manifests[1].digest == \"$arm64_digest\""
expect 0 tug manifest push "$list"
list_digest=$OUT
assert_match "$list_digest" '^sha256:[0-9a-f]{64}$' "pushed list digest"

check_served() {
    expect 0 skopeo inspect --tls-verify=false --raw "docker://$list"
    assert_eq "$list_digest" "sha256:$(printf '%s' "$OUT" | sha256sum | cut -c1-64)" "digest of the served list"
    # skopeo inspect resolves the platform (its .Digest is the list's own).
    expect 0 skopeo inspect --tls-verify=false --override-arch arm64 --override-variant v8 "docker://$list"
    assert_json "$OUT" ".Digest == \"$list_digest\" and .Architecture == \"arm64\""
    expect 0 skopeo inspect --tls-verify=false --override-arch amd64 "docker://$list"
    assert_json "$OUT" ".Architecture == \"amd64\""
    local arch want
    for arch in amd64 arm64; do
        want=$amd64_digest
        [ $arch = arm64 ] && want=$arm64_digest
        rm -rf "$work/pulled-$arch"
        expect 0 skopeo --insecure-policy copy --src-tls-verify=false --override-arch $arch \
            "docker://$list" "oci:$work/pulled-$arch:app"
        assert_eq "$want" "$(jq -r '.manifests[0].digest' "$work/pulled-$arch/index.json")" "pulled $arch manifest"
    done
    expect 0 skopeo inspect --tls-verify=false "docker://$reg/lib/registry:2"
}
check_served

# The registry container goes away; a new one on the same directory serves the same.
expect 0 tug rm -f registry-http
expect nonzero curl -sf --max-time 5 "http://$reg/v2/"
expect 0 tug run -d --name registry-http2 -p "$port:5000" -v "$storage:/var/lib/registry" "$reg/lib/registry:2"
wait_for 60 curl -sf "http://$reg/v2/"
check_served
expect 0 tug manifest rm "$list"
expect 0 tug rm -f registry-http2
