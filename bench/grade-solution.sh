#!/usr/bin/env bash
# Benchmark: grading lab 01's reference solution with a warm Maven cache.
# Targets (docs/benchmarks.md): at most 20 s wall on 2 cores, of which at most 3 s is the
# runner's own overhead beyond building, starting the app and running the checks.
# Usage: bench/grade-solution.sh [runs] [lab-dir] [lab check options, e.g. --sandbox container]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
dir="${2:-labs/01-chatbot/solution}"
shift $(( $# < 2 ? $# : 2 ))
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

./lab list > /dev/null                     # builds the runner if needed, outside the measurement
./lab check "$dir" --json "$out/warmup.json" "$@" > /dev/null || true   # warms the Maven cache

printf '%-4s %8s %8s %8s %8s %10s\n' run wall_s build_s start_s checks_s overhead_s
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ./lab check "$dir" --json "$out/run.json" "$@" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  python3 - "$out/run.json" "$start" "$end" "$i" <<'PY' 2>/dev/null || \
    awk -v s="$start" -v e="$end" -v i="$i" 'BEGIN { printf "%-4s %8.2f (install python3 for the breakdown)\n", i, (e-s)/1e9 }'
import json, sys
r = json.load(open(sys.argv[1])); t = r["timings"]
wall = (int(sys.argv[3]) - int(sys.argv[2])) / 1e9
b, s, c = t["buildMs"] / 1e3, t["startMs"] / 1e3, t["checksMs"] / 1e3
print(f'{sys.argv[4]:<4} {wall:8.2f} {b:8.2f} {s:8.2f} {c:8.2f} {wall - b - s - c:10.2f}')
PY
done
echo "score of the last run: $(grep -o '"score" : [0-9]*' "$out/run.json" | head -1)"
