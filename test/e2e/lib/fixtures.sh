# E2E fixtures: the offline busybox/probe images (built once per build tree) and crafted layers.
#
#   dir=$(fixtures_dir)         builds test/fixtures into $TUG_E2E_WORK/fixtures/<key> once
#                               (flock'ed, so parallel cases share one build) and prints it:
#     $dir/busybox-oci/ busybox-oci.tar busybox-docker.tar   image busybox:latest, Cmd ["sh"]
#     $dir/probe-oci/   probe-oci.tar   probe-docker.tar     image probe:latest, Entrypoint ["/probe"]
#     $dir/probe  $dir/evil_tar  $dir/layers/*.tar.gz        host binaries and the layers
#   fixture_tar <out.tar.gz> <entry>...            a layer written entry by entry (see evil_tar.c)
#   fixture_evil_layer <kind> <out.tar.gz> <host-path>   a layer that tries to escape the rootfs
#   fixture_image <oci-dir> <name> <config-json> <layer.tar.gz>...   an OCI layout from layers
#   fixture_docker_archive <out.tar> <repo:tag> <oci-dir>            the same as docker save
#   fixture_index <oci-dir> <name:tag> <oci-dir>...  a multi-platform image (FIXTURE_ARCH=arm64 fixture_image ... for the parts)
#   fixture_load <busybox|probe>                    tug load -i of the fixture (busybox:latest, probe:latest)
#
# The images: both share the base layer (busybox with applet symlinks, /etc/passwd with
# root, tug (1000:1000, supplementary group tugextra 1001) and nobody, /tmp 1777,
# /home/tug owned by tug). busybox's top layer adds /etc/fixture-release, whites out
# /etc/fixture-removed and makes /opt/opaque opaque (only `c` remains, not a and b).
# probe's top layer adds /probe; its config has Env PROBE_IMAGE=1 and ExposedPorts 8080/tcp.

if [ -z "${TUG_E2E_LIB:-}" ]; then
    TUG_E2E_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fi
E2E_FIXTURES_SRC=$(cd "$TUG_E2E_LIB/../../fixtures" && pwd)
# shellcheck source=../../fixtures/image-lib.sh
source "$E2E_FIXTURES_SRC/image-lib.sh"

fixtures_dir() {
    local base=${TUG_E2E_WORK:-/tmp/tug-e2e-work}/fixtures key
    # The cache key covers every input, so editing probe.c or the build script rebuilds.
    key=$(cat "$E2E_FIXTURES_SRC/build-fixtures.sh" "$E2E_FIXTURES_SRC/image-lib.sh" \
        "$E2E_FIXTURES_SRC/probe/probe.c" "$E2E_FIXTURES_SRC/evil-tar/evil_tar.c" \
        "${BUSYBOX:-/bin/busybox}" | sha256sum | cut -c1-16)
    local dir=$base/$key
    if [ ! -f "$dir/SHA256SUMS" ]; then
        mkdir -p "$base"
        (
            flock 9
            if [ ! -f "$dir/SHA256SUMS" ]; then
                rm -rf "$dir.tmp"
                if ! bash "$E2E_FIXTURES_SRC/build-fixtures.sh" "$dir.tmp" >"$base/build-$key.log" 2>&1; then
                    cat "$base/build-$key.log" >&2
                    exit 1
                fi
                mv "$dir.tmp" "$dir"
                # Builds for older sources are not used again.
                find "$base" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
            fi
        ) 9>"$base/.lock" || {
            if declare -F fail >/dev/null; then fail "building fixtures failed (see above)"; fi
            echo "fixtures: build failed" >&2
            return 1
        }
    fi
    echo "$dir"
}

# fixture_tar <out.tar.gz> <entry>...: entries as evil_tar takes them
# (f:name:content[:mode] d:name[:mode] l:name:target h:name:target c:name:maj:min).
fixture_tar() {
    local out=$1
    shift
    local fx
    fx=$(fixtures_dir)
    "$fx/evil_tar" "$out.tmp" "$@"
    gzip -n -9 -c "$out.tmp" >"$out"
    rm -f "$out.tmp"
}

# fixture_evil_layer <kind> <out.tar.gz> <host-path>
# A layer that a naive unpacker would let touch <host-path> on the host. Kinds:
#   dotdot          file ../../(...)<host-path>, content "escaped"
#   abs-path        file named <host-path> itself (absolute member name)
#   symlink-abs     symlink evil -> <host-path> (a dir), then file evil/escaped.txt
#   symlink-rel     symlink evil -> ../../(...)<host-path>, then file evil/escaped.txt
#   hardlink-abs    hard link evil -> <host-path> (a file), then file evil written through it
#   hardlink-dotdot hard link evil -> ../../(...)<host-path>
#   whiteout-dotdot whiteout ../../(...)<dirname>/.wh.<basename> deleting <host-path>
# A safe unpacker either rejects the layer or keeps everything inside the rootfs; the test
# then checks <host-path> (or <host-path>/escaped.txt) is untouched.
fixture_evil_layer() {
    local kind=$1 out=$2 target=${3:?fixture_evil_layer: host path needed}
    local up=../../../../../../../../../../../../../../..
    case $kind in
    dotdot) fixture_tar "$out" "d:ok" "f:ok/file:fine" "f:$up$target:escaped" ;;
    abs-path) fixture_tar "$out" "d:ok" "f:$target:escaped" ;;
    symlink-abs) fixture_tar "$out" "l:evil:$target" "f:evil/escaped.txt:escaped" ;;
    symlink-rel) fixture_tar "$out" "l:evil:$up$target" "f:evil/escaped.txt:escaped" ;;
    hardlink-abs) fixture_tar "$out" "h:evil:$target" "f:evil:overwritten" ;;
    hardlink-dotdot) fixture_tar "$out" "h:evil:$up$target" ;;
    whiteout-dotdot) fixture_tar "$out" "f:$up$(dirname "$target")/.wh.$(basename "$target"):" ;;
    *)
        echo "fixture_evil_layer: unknown kind '$kind'" >&2
        return 2
        ;;
    esac
}

# fixture_image <oci-dir> <image-name> <config-json> <layer.tar.gz>...
# e.g. fixture_image "$d" docker.io/library/evil:1 '{"Cmd":["sh"]}' "$fx/layers/base.tar.gz" evil.tar.gz
fixture_image() {
    local dir=$1 name=$2 conf=$3
    shift 3
    img_oci_layout "$dir" "${name##*:}" "$name" "$conf" "$@"
}

fixture_docker_archive() { img_docker_archive "$@"; }

# fixture_index <oci-dir> <name:tag> <oci-layout-dir>...: a multi-platform image from
# single-platform layouts (make those with FIXTURE_ARCH=arm64 [FIXTURE_VARIANT=v8] fixture_image ...).
fixture_index() {
    local dir=$1 name=$2
    shift 2
    img_oci_index "$dir" "${name##*:}" "$name" "$@"
}

# fixture_load <busybox|probe>: `tug load` of the fixture's docker-archive, so that
# `busybox` / `probe` (docker.io/library/...:latest) are in the case's store.
fixture_load() {
    local img=${1:?fixture_load busybox|probe} fx
    fx=$(fixtures_dir)
    expect 0 tug load -i "$fx/$img-docker.tar"
}

# fixture_registry_image <work-dir> <image-name>: an OCI layout at <work-dir>/registry-oci
# of Debian's docker-registry (with its shared libraries) serving :5000 from
# /var/lib/registry, so cases can run a registry as a container offline.
fixture_registry_image() {
    local work=$1 name=$2 rootfs=$1/registry-rootfs lib
    mkdir -p "$rootfs/usr/bin" "$rootfs/etc/docker/registry" "$rootfs/var/lib/registry" "$rootfs/tmp"
    cp /usr/bin/docker-registry "$rootfs/usr/bin/"
    for lib in $(ldd /usr/bin/docker-registry | grep -o '/[^ ]*'); do
        mkdir -p "$rootfs$(dirname "$lib")"
        cp -L "$lib" "$rootfs$lib"
    done
    cat >"$rootfs/etc/docker/registry/config.yml" <<'YML'
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
YML
    img_tar "$work/registry-layer.tar" "$rootfs"
    img_gzip "$work/registry-layer.tar" "$work/registry-layer.tar.gz"
    fixture_image "$work/registry-oci" "$name" \
        '{"Entrypoint":["/usr/bin/docker-registry","serve","/etc/docker/registry/config.yml"],"ExposedPorts":{"5000/tcp":{}},"Volumes":{"/var/lib/registry":{}}}' \
        "$work/registry-layer.tar.gz"
}
