#!/usr/bin/env bash
# Builds a Redis image from this machine's redis-server, for machines that cannot pull images (no registry
# access): the binary, the shared libraries ldd lists for it, a non-root user. lab check runs lab services
# (lab.yaml services: redis) from it with LABKIT_REDIS_IMAGE=<tag>.
# Usage: docker/redis-base.sh [tag]      (default tag: labkit/redis-base:local)
set -euo pipefail
tag="${1:-labkit/redis-base:local}"
command -v docker >/dev/null || { echo "error: docker is needed: install docker.io and start dockerd" >&2; exit 2; }
server="$(command -v redis-server || true)"
[ -n "$server" ] || { echo "error: redis-server is needed: apt-get install redis-server" >&2; exit 2; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/bin" "$root/tmp" "$root/etc" "$root/data" "$root/lib64"
cp -L "$server" "$root/usr/bin/redis-server"
ldd "$server" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | grep '^/' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
[ -e /lib64/ld-linux-x86-64.so.2 ] && cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nredis:x:999:999:redis:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nredis:x:999:\n' > "$root/etc/group"
chown 999:999 "$root/data"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/bin:/bin' \
  --change 'USER redis' \
  --change 'WORKDIR /data' \
  --change 'EXPOSE 6379' \
  --change 'CMD ["redis-server", "--protected-mode", "no"]' \
  - "$tag" >/dev/null
echo "built $tag ($(docker image inspect "$tag" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
