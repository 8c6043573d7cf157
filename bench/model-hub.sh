#!/usr/bin/env bash
# Benchmark: one lab model for a batch (docs/benchmarks.md, "One lab model for a batch").
# Runs ModelHubBench (a test class that only prints): 6 submissions, 2 at a time, each sending the same 40 RAG
# prompts at concurrency 10, answered by the default answer; once with a lab model of its own per submission,
# once with a seat each in one LabModelHub. Builds nothing else; needs the Maven cache warm (offline).
# Usage: bench/model-hub.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
for i in $(seq 1 "$runs"); do
  echo "run $i"
  mvn -B -ntp -o -q -pl lab-runner test -Dtest=ModelHubBench -Dsurefire.failIfNoSpecifiedTests=false \
    2>&1 | grep -o 'BENCH.*' | sed 's/^BENCH /  /'
done
