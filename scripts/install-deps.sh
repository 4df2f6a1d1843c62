#!/usr/bin/env bash
# Installs everything tug needs to build, run and test, from Debian 12's repository.
# Idempotent: packages already present are left alone; apt-get update runs only when
# something is missing.
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config clang-format ccache
  libcli11-dev libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libarchive-dev
  libnl-3-dev libnl-route-3-dev libtomlplusplus-dev libsqlite3-dev libgtest-dev
  libzstd-dev zlib1g-dev libisal-dev
)
runtime_pkgs=(
  runc containernetworking-plugins iptables iproute2 tini
)
test_pkgs=(
  docker-registry busybox-static skopeo podman jq tmux curl openssl apache2-utils
  zstd xz-utils bsdextrautils procps psmisc util-linux
  docker.io  # its daemon, started by e2e archive_docker on a private socket
  crun       # e2e runtime_select: `--runtime crun` runs, or is refused up front on hybrid cgroups
)
# Only bench/run-net.sh needs these: podman's own network stack, for a fair comparison.
bench_pkgs=(
  netavark aardvark-dns
)

wanted=("${build_pkgs[@]}" "${runtime_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}")
missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's docker-registry package starts a registry on :5000 at install; tests run
# their own on random ports, so the packaged service is not wanted.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q docker-registry 2>/dev/null; then
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi
echo "install-deps: done"
