#!/usr/bin/env bash
# Benchmark: `lab grade` of a class of lab-01 submissions (docs/benchmarks.md, "Grading a class").
# Builds a class of N copies of labs/01-chatbot/solution (each with a file of its own, so that each is a
# submission of its own), then grades it with --jobs 1 and --jobs 2 (process sandbox, embedded model), and
# reports the wall time, submissions per minute, the CPU time per submission (runner, builds, apps and Chromium
# together, counted by a cgroup: bench/cgroup-cpu.sh; "-" where no cgroup can be made) and the runner's peak RSS
# (GNU time's "Maximum resident set size", of the runner's JVM and not of the apps it starts: /usr/bin/time -v
# measures the process it runs, and the children it waited for, and the apps are reaped by the runner).
# Usage: bench/grade-class.sh [submissions] [jobs...]        default: 30 submissions, jobs 1 and 2
# (LABKIT_BENCH_NO_BUILD=1: use lab-runner/target/lab-runner.jar as it is, built by mvn -pl lab-runner package)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/cgroup-cpu.sh
count="${1:-30}"
shift || true
if [ "$#" -gt 0 ]; then jobs=("$@"); else jobs=(1 2); fi
[ -n "${LABKIT_BENCH_NO_BUILD:-}" ] || ./lab list > /dev/null   # builds the runner if needed, outside the measurement
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq -w 1 "$count"); do
  mkdir -p "$work/class/student$i"
  cp -r labs/01-chatbot/solution/. "$work/class/student$i/"
  rm -rf "$work/class/student$i/target"
  echo "student $i" > "$work/class/student$i/AUTHOR"
done

printf '%-5s %12s %12s %16s %16s %10s\n' jobs submissions wall_s per_minute cpu_s_per_sub rss_mb
for j in "${jobs[@]}"; do
  out="$work/grades-$j"
  cgroup="$(cg_make "labkit-bench-$$-$j" || true)"
  cg_exec "$cgroup" /usr/bin/time -v -o "$work/time-$j" \
    java -Dlabkit.home="$PWD" -jar lab-runner/target/lab-runner.jar \
    grade 01-chatbot "$work/class" --jobs "$j" --out "$out" --sandbox process --models embedded \
    > "$work/out-$j" 2> "$work/err-$j" || { cat "$work/err-$j" >&2; exit 1; }
  cpu=-
  if [ -n "$cgroup" ]; then cpu="$(cg_cpu_seconds "$cgroup")"; cg_remove "$cgroup"; fi
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$j" | awk '{print $NF}' \
    | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$work/time-$j" | awk '{print $NF}')
  rows=$(($(wc -l < "$out/gradebook.csv") - 1))
  passed=$(grep -c ',passed,' "$out/gradebook.csv" || true)
  [ "$passed" -eq "$rows" ] || echo "warning: only $passed of $rows rows passed (see $out)" >&2
  awk -v j="$j" -v n="$rows" -v w="$wall" -v c="$cpu" -v r="$rss" \
    'BEGIN { printf "%-5s %12d %12.1f %16.2f %16s %10.0f\n", j, n, w, n / w * 60,
      c == "-" ? c : sprintf("%.1f", c / n), r / 1024 }'
done
