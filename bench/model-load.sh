#!/usr/bin/env bash
# Benchmark: what the lab model itself costs per request (docs/benchmarks.md, "The lab model under load").
# Runs ModelServerLoadBench (a test class that only prints): the default answer to a short chat prompt,
# one request at a time (the same prompt again, and a new question each time), then 300 requests at
# concurrency 20 with a scripted 50 ms latency (lab 05's prod.load, without the app), end to end and as
# recorded by the lab model. Builds nothing else; needs the Maven cache warm (offline).
# Usage: bench/model-load.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
for i in $(seq 1 "$runs"); do
  echo "run $i"
  mvn -B -ntp -o -q -pl lab-runner -am test -Dtest=ModelServerLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
    2>&1 | grep -o 'BENCH.*' | sed 's/^BENCH /  /'
done
