#!/usr/bin/env bash
# Tests docker/ollama-models/Dockerfile without pulling anything, and validates docker/compose.yaml.
#
# The `ollama` in these builds is a STAND-IN, not Ollama: no Ollama image can be pulled here (this
# machine and CI reach neither Docker Hub nor ollama.com). The base image is a tiny root file
# system imported with `docker import`: busybox (Debian's busybox-static) and /bin/ollama, a shell
# script that imitates what the Dockerfile uses: `serve` (answers after 2 s, until stopped),
# `list` (fails until serve answers) and `pull NAME` (writes the manifest where Ollama does; fails
# for a name containing "missing"). So this tests the Dockerfile's own logic (start, bounded wait,
# pulls, failures, stop, labels, entrypoint kept, models in the image and in a new volume), not
# real downloads.
#
# Usage (as root: it may apt-get install busybox-static, docker.io, docker-compose and start dockerd):
#   docker/ollama-models/test-standin.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
id="labkit-test-$$"
standin="labkit-test/ollama-standin:$$"          # serves after 2 s
standin_dead="labkit-test/ollama-standin-dead:$$" # never answers
built="labkit-test/ollama-models:$$"
failures=0
root="$(mktemp -d)"
logs="$(mktemp -d)"

pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }

# Removes an image and every image built on it: the classic builder keeps each step of a build,
# failed builds included, as an untagged child image, which would keep the stand-in alive.
remove_image_tree() {
  local image_id
  image_id="$(docker image inspect --format '{{.Id}}' "$1" 2>/dev/null)" || return 0
  docker image inspect --format '{{.Id}} {{.Parent}}' $(docker images -a -q --no-trunc | sort -u) 2>/dev/null \
    | awk -v root="$image_id" '
        { parent[$1] = $2 }
        END {
          depth[root] = 0; changed = 1
          while (changed) { changed = 0
            for (i in parent) if (!(i in depth) && (parent[i] in depth)) { depth[i] = depth[parent[i]] + 1; changed = 1 } }
          for (i in depth) print depth[i], i
        }' \
    | sort -rn | while read -r _ image; do docker rmi -f "$image" >/dev/null 2>&1 || true; done || true
}

cleanup() {
  docker rm -f "$id" >/dev/null 2>&1 || true
  docker volume rm "$id" >/dev/null 2>&1 || true
  remove_image_tree "$standin"
  remove_image_tree "$standin_dead"
  rm -rf "$root" "$logs"
}
trap cleanup EXIT

# --- Tools: busybox for the stand-in, a Docker engine --------------------------------------------
apt_install() {  # Debian packages; the package lists are fetched once, if needed
  echo "installing $*"
  { [ -n "${apt_updated:-}" ] || apt-get update -qq; } > "$logs/apt.log" 2>&1 && apt_updated=1 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >> "$logs/apt.log" 2>&1 \
    || { cat "$logs/apt.log"; echo "error: cannot install $*" >&2; return 1; }
}
docker_up() { timeout 5 docker info > /dev/null 2>&1; }

[ -x /bin/busybox ] || apt_install busybox-static || exit 2   # for the stand-in's root file system
if ! docker_up; then
  command -v dockerd > /dev/null || apt_install docker.io || exit 2
  echo "starting dockerd (log: /tmp/dockerd.log)"
  (nohup dockerd > /tmp/dockerd.log 2>&1 &)
  for _ in $(seq 60); do docker_up && break; sleep 1; done
  docker_up || { echo "error: dockerd did not answer within 60 s; see /tmp/dockerd.log" >&2; exit 2; }
fi

# --- The stand-in base image ---------------------------------------------------------------------
mkdir -p "$root/bin" "$root/root" "$root/tmp"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cat > "$root/bin/ollama" <<'STANDIN'
#!/bin/sh
# STAND-IN for Ollama (no Ollama image can be pulled where this is tested): serve, list, pull.
marker=/tmp/ollama-standin.serving
models=/root/.ollama/models
not_running() { echo "Error: could not connect to ollama app, is it running?" >&2; exit 1; }
case "$1" in
  serve)
    mkdir -p /root/.ollama
    echo "stand-in key" > /root/.ollama/id_ed25519; echo "stand-in key" > /root/.ollama/id_ed25519.pub
    if [ "${STANDIN_NEVER_ANSWERS:-}" = 1 ]; then while :; do sleep 1; done; fi
    sleep 2                                   # starting up: list fails meanwhile
    trap 'rm -f "$marker"; echo "stand-in: stopped"; exit 0' TERM INT
    touch "$marker"; echo "stand-in: serving"
    while :; do sleep 1; done ;;
  list)
    [ -f "$marker" ] || not_running
    echo "NAME"
    cd "$models/manifests/registry.ollama.ai" 2>/dev/null && find . -type f | sed 's|^\./||; s|^library/||; s|/\([^/]*\)$|:\1|'
    exit 0 ;;
  pull)
    [ -f "$marker" ] || not_running
    case "$2" in *missing*) echo "Error: pull model manifest: file does not exist" >&2; exit 1 ;; esac
    case "$2" in *:*) name="${2%:*}"; tag="${2##*:}" ;; *) name="$2"; tag=latest ;; esac
    case "$name" in */*) ;; *) name="library/$name" ;; esac
    mkdir -p "$models/manifests/registry.ollama.ai/$name"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","standin":"%s"}\n' "$2" \
      > "$models/manifests/registry.ollama.ai/$name/$tag"
    echo "success" ;;
  *) echo "stand-in ollama: unknown command $1" >&2; exit 1 ;;
esac
STANDIN
chmod 755 "$root/bin/ollama"

# Like ollama/ollama: ollama on the PATH, OLLAMA_HOST for containers, ENTRYPOINT ollama, CMD serve.
import_standin() {  # tag, extra ENV
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'ENV HOME=/root' --change 'ENV OLLAMA_HOST=0.0.0.0:11434' \
    --change "ENV STANDIN_NEVER_ANSWERS=$2" \
    --change 'ENTRYPOINT ["/bin/ollama"]' --change 'CMD ["serve"]' - "$1" > /dev/null
}
import_standin "$standin" 0
import_standin "$standin_dead" 1
echo "stand-in base images: $standin, $standin_dead"

build() {  # log file, docker build arguments...
  local log="$1"; shift
  # No network: the stand-in needs none, and nothing may leave this machine.
  docker build --force-rm --network none -f "$here/Dockerfile" "$@" "$here" > "$log" 2>&1
}
in_image() {  # a command run in the built image, not as its entrypoint
  docker run --rm --network none --entrypoint /bin/sh "$built" -c "$1"
}

# --- 1. Both models baked in ---------------------------------------------------------------------
echo "1. build with MODELS=\"qwen2.5:0.5b all-minilm\""
if build "$logs/build.log" --build-arg OLLAMA_IMAGE="$standin" --build-arg MODELS="qwen2.5:0.5b all-minilm" -t "$built"; then
  pass "the build succeeded"
  manifests=/root/.ollama/models/manifests/registry.ollama.ai/library
  for manifest in qwen2.5/0.5b all-minilm/latest; do
    if in_image "test -s $manifests/$manifest"; then pass "manifest in the image: $manifests/$manifest"
    else fail "no manifest $manifests/$manifest in the image"; fi
  done
  if in_image '! test -e /tmp/ollama-standin.serving && ! test -e /root/.ollama/id_ed25519'; then
    pass "the server was stopped and its key removed before the layer was saved"
  else fail "the server's marker or key is left in the image"; fi
  label="$(docker image inspect --format '{{index .Config.Labels "dev.labkit.ollama.models"}}' "$built")"
  if [ "$label" = "qwen2.5:0.5b all-minilm" ]; then pass "label dev.labkit.ollama.models=$label"
  else fail "label dev.labkit.ollama.models is '$label'"; fi
  start="$(docker image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$built")"
  if [ "$start" = '["/bin/ollama"] ["serve"]' ]; then pass "entrypoint and cmd kept: $start"
  else fail "entrypoint and cmd changed: $start"; fi

  # As compose runs it: a new named volume at /root/.ollama is filled from the image.
  docker volume create "$id" > /dev/null
  docker run -d --name "$id" --network none -v "$id:/root/.ollama" "$built" > /dev/null
  listed=""
  for _ in $(seq 20); do listed="$(docker exec "$id" ollama list 2>/dev/null)" && break; sleep 1; done
  if grep -qx 'qwen2.5:0.5b' <<< "$listed" && grep -qx 'all-minilm:latest' <<< "$listed"; then
    pass "a container on a new named volume serves both models (ollama list, the compose healthcheck)"
  else fail "ollama list in a container on a new volume gave: $(tr '\n' ' ' <<< "$listed")"; fi
  docker rm -f "$id" > /dev/null
else
  fail "the build failed:"; sed 's/^/        /' "$logs/build.log"
fi

# --- 2. A model that cannot be pulled fails the build --------------------------------------------
echo "2. build with MODELS=\"qwen2.5:0.5b missing-model:1b\""
if build "$logs/missing.log" --build-arg OLLAMA_IMAGE="$standin" --build-arg MODELS="qwen2.5:0.5b missing-model:1b"; then
  fail "the build succeeded with a model that cannot be pulled"
elif grep -q 'error: ollama pull missing-model:1b failed' "$logs/missing.log"; then
  pass "the build failed, saying: error: ollama pull missing-model:1b failed"
else
  fail "the build failed without the expected message:"; sed 's/^/        /' "$logs/missing.log"
fi

# --- 3. A server that never answers fails the build, after SERVE_TIMEOUT -------------------------
echo "3. build on a stand-in whose server never answers, SERVE_TIMEOUT=3"
if build "$logs/dead.log" --build-arg OLLAMA_IMAGE="$standin_dead" --build-arg SERVE_TIMEOUT=3; then
  fail "the build succeeded without a server"
elif grep -q 'error: ollama serve did not answer within 3 s' "$logs/dead.log"; then
  pass "the build failed, saying: error: ollama serve did not answer within 3 s"
else
  fail "the build failed without the expected message:"; sed 's/^/        /' "$logs/dead.log"
fi

# --- 4. compose.yaml is valid (validated only: its images cannot be pulled here) -----------------
echo "4. docker/compose.yaml"
if docker compose version > /dev/null 2>&1; then compose=(docker compose)
else
  command -v docker-compose > /dev/null || apt_install docker-compose || true   # Debian's, to validate the file
  compose=(docker-compose)
fi
if ! command -v "${compose[0]}" > /dev/null || ! "${compose[@]}" version > /dev/null 2>&1; then
  fail "no compose implementation to validate docker/compose.yaml with"
elif "${compose[@]}" -f "$repo/docker/compose.yaml" config -q 2> "$logs/compose.log"; then
  pass "${compose[*]} -f docker/compose.yaml config -q"
else
  fail "${compose[*]} config rejects docker/compose.yaml:"; sed 's/^/        /' "$logs/compose.log"
fi
for file in docker/ollama-models/Dockerfile docker/runner/Dockerfile docker/runner/grade-all.sh; do
  if [ -f "$repo/$file" ]; then pass "compose.yaml's $file exists"; else fail "compose.yaml needs $file"; fi
done

echo
if [ "$failures" -eq 0 ]; then echo "PASS: all checks"; else echo "FAIL: $failures check(s) failed"; exit 1; fi
