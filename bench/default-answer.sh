#!/usr/bin/env bash
# Benchmark: the lab model's default answer (docs/benchmarks.md, "The default answer").
# Starts `lab model serve` on a free port and times chat requests with curl, `runs` times:
#   first   lab 01's first turn, sent the moment the server listens (the embedding model loads then)
#   turn    a later turn of the same chat: the system prompt and earlier turns are cached
#   again   the same request again: everything cached
#   rag     lab 02's layout with four new documents of its corpus (about 60 sentences to embed)
# Usage: bench/default-answer.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
./lab list > /dev/null                     # builds the runner if needed, outside the measurement

persona='You are Sprout, a friendly gardening assistant. You help people grow healthy plants: watering, soil, light, pests, pruning and harvests. Answer warmly and briefly, and say so when you are not sure.'
first=$(printf '{"model":"qwen2.5:0.5b","stream":false,"messages":[{"role":"system","content":"%s"},{"role":"user","content":"Hello! My name is Marigold and I grow pumpkins."}]}' "$persona")
turn=$(printf '{"model":"qwen2.5:0.5b","stream":false,"messages":[{"role":"system","content":"%s"},{"role":"user","content":"Hello! My name is Marigold and I grow pumpkins."},{"role":"assistant","content":"I am Sprout, a friendly gardening assistant."},{"role":"user","content":"What is my name?"}]}' "$persona")
rag=$(python3 - <<'PY'
import json, pathlib
docs = sorted(pathlib.Path("labs/02-rag-assistant/fixtures/docs").glob("*.md"))[:4]
information = "\n\n".join(f"[{d.stem}] {d.read_text()[:1000]}" for d in docs)
print(json.dumps({"model": "qwen2.5:0.5b", "stream": False, "messages": [
    {"role": "system", "content": "You are Lark, the knowledge assistant of Larkspur Greenhouse Systems."},
    {"role": "user", "content": "How do I book a meeting room?\n\nAnswer using the following information:\n" + information}]}))
PY
)

printf '%-4s %8s %8s %8s %8s\n' run first_ms turn_ms again_ms rag_ms
for i in $(seq 1 "$runs"); do
  log="$(mktemp)"
  java -Dlabkit.home="$PWD" -jar lab-runner/target/lab-runner.jar model serve --port 0 > "$log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; kill "$server"; exit 2; }
  ask() { curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' -d "$1" "$url/api/chat"; }
  a=$(ask "$first"); b=$(ask "$turn"); c=$(ask "$turn"); d=$(ask "$rag")
  awk -v i="$i" -v a="$a" -v b="$b" -v c="$c" -v d="$d" \
    'BEGIN { printf "%-4s %8.0f %8.0f %8.0f %8.0f\n", i, a * 1000, b * 1000, c * 1000, d * 1000 }'
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -f "$log"
done
