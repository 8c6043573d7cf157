#!/usr/bin/env bash
# Builds a Java 17 runtime image from this machine's JDK, for machines that cannot pull images
# (no registry access): jlink's runtime, the glibc libraries it links against, a non-root user.
# Usage: docker/jre-base.sh [tag]      (default tag: labkit/jre-base:17)
set -euo pipefail
tag="${1:-labkit/jre-base:17}"
command -v docker >/dev/null || { echo "error: docker is needed: install docker.io and start dockerd" >&2; exit 2; }
command -v jlink >/dev/null || { echo "error: jlink is needed: install a JDK 17 (openjdk-17-jdk-headless)" >&2; exit 2; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
# Every module of the JDK (about 130 MB): what the runner or a learner's app may load.
jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java" >/dev/null

# The shared libraries the runtime needs, plus those ONNX Runtime (in-process embeddings) loads.
libs() {
  find "$root/opt/java" -name '*.so' -o -path '*/bin/*' -type f | while read -r f; do ldd "$f" 2>/dev/null || true; done
  for extra in libstdc++.so.6 libgcc_s.so.1 libdl.so.2 libpthread.so.0 librt.so.1 libm.so.6 libc.so.6; do ldconfig -p | awk -v l="$extra" '$1 == l && /x86-64|x86_64/ && !seen { print "x => " $NF; seen = 1 }'; done
}
libs | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | grep '^/' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
mkdir -p "$root/lib64" "$root/tmp" "$root/etc" "$root/home/app"
chmod 1777 "$root/tmp"
[ -e /lib64/ld-linux-x86-64.so.2 ] && cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' > "$root/etc/group"
chown 1000:1000 "$root/home/app"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV HOME=/home/app' \
  --change 'USER app' \
  --change 'WORKDIR /home/app' \
  - "$tag" >/dev/null
echo "built $tag ($(docker image inspect "$tag" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
docker run --rm "$tag" java -version 2>&1 | sed -n 1p   # sed reads it all: no SIGPIPE under pipefail
