#!/usr/bin/env bash
# Fresh Debian 12 machine, as root: installs dependencies, builds tug, installs it to
# /usr/local/bin, and shows what it does.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -DTUG_BUILD_TESTS=OFF
# tug-monitor, each running container's monitor, goes beside tug.
install -m 0755 build-release/cli/main/tug build-release/cli/main/tug-monitor /usr/local/bin/
echo "installed /usr/local/bin/tug and /usr/local/bin/tug-monitor"

set -x
tug version
tug info

# A demo image built offline: busybox-static as the whole rootfs, imported.
demo=$(mktemp -d)
trap 'rm -rf "$demo"; tug rm -f quickstart-web >/dev/null 2>&1 || true' EXIT
mkdir -p "$demo/rootfs/bin" "$demo/rootfs/www"
cp /bin/busybox "$demo/rootfs/bin/busybox"
for applet in sh echo cat httpd ip hostname; do ln -s busybox "$demo/rootfs/bin/$applet"; done
echo "hello from a tug container" >"$demo/rootfs/www/index.html"
tar -C "$demo/rootfs" -cf "$demo/rootfs.tar" .
tug import --change 'CMD ["sh"]' "$demo/rootfs.tar" quickstart/busybox:latest
tug run --rm quickstart/busybox echo hello
tug run -d --name quickstart-web -p 127.0.0.1:8080:80 quickstart/busybox httpd -f -p 80 -h /www
tug ps
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8080/ && break; sleep 0.1; done
tug rm -f quickstart-web
