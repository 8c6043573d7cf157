#!/usr/bin/env bash
# Where one grading's CPU goes: runs `lab check` (the arguments given, default lab 01's solution) and reports the
# CPU seconds of the runner's JVM, the builds (Maven), the learner's app (its JVMs) and the browser (Chromium and
# chromedriver), each counted by a cgroup of its own (bench/cgroup-cpu.sh; root or a delegated cgroup v2 subtree).
# A process is put in its part by its command line, looked at every 50 ms: what a process spends in its first
# 50 ms may count to the part of its parent (docs/benchmarks.md, "Grading a class").
# Usage: bench/grading-cpu-split.sh [lab check arguments...]     default: labs/01-chatbot/solution
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/cgroup-cpu.sh
[ "$#" -gt 0 ] || set -- labs/01-chatbot/solution
./lab list > /dev/null   # builds the runner if needed, outside the measurement
top="$(cg_make "labkit-split-$$")" || { echo "error: cannot make a cgroup here (run as root on Linux)" >&2; exit 2; }
parts=(runner build app browser)
for part in "${parts[@]}"; do mkdir "$top/$part"; done

# part_of COMMAND_LINE: the part a process belongs to (the runner's helpers stay with the runner).
part_of() {
  case "$1" in
    *lab-runner.jar*|*jspawnhelper*) echo runner ;;
    *chromedriver*|*chromium*|*chrome*) echo browser ;;
    *plexus-classworlds*|*/bin/mvn*|*mvnw*) echo build ;;
    *java*) echo app ;;
    *) echo "" ;;
  esac
}

sort_processes() {
  local pid line part
  while :; do
    for pid in $(cat "$top"/*/cgroup.procs); do
      line="$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2> /dev/null)" || continue
      part="$(part_of "$line")"
      [ -z "$part" ] || echo "$pid" > "$top/$part/cgroup.procs" 2> /dev/null || true
    done
    sleep 0.05
  done
}
sort_processes &
sorter=$!
start=$(date +%s.%N)
set +e
cg_exec "$top/runner" java -Dlabkit.home="$PWD" -jar lab-runner/target/lab-runner.jar check "$@" > /dev/null
status=$?
set -e
end=$(date +%s.%N)
kill "$sorter"; wait "$sorter" 2> /dev/null || true
sleep 0.5   # the last processes' exits
total=0
for part in "${parts[@]}"; do
  seconds="$(cg_cpu_seconds "$top/$part")"
  total="$(awk -v a="$total" -v b="$seconds" 'BEGIN { print a + b }')"
  printf '%-8s %7.1f s CPU\n' "$part" "$seconds"
done
wall="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
printf '%-8s %7.1f s CPU, %.1f s wall (lab check exited %d)\n' total "$total" "$wall" "$status"
for part in "${parts[@]}"; do cg_remove "$top/$part"; done
cg_remove "$top"
