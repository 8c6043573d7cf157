#!/bin/sh
# Grades each folder of $SUBMISSIONS (default /submissions) with `lab check`, its models from the
# Ollama at $OLLAMA_URL (default http://ollama:11434, the compose service), and writes, per folder
# NAME, to $REPORTS (default /reports): NAME.txt (what `lab check` printed), NAME.json, NAME.xml
# (JUnit), and one line per submission to summary.txt. Arguments are passed on to `lab check`,
# e.g. `--lab 01-chatbot` for folders without a .labkit file, or `--instructor`.
# Exit code: the worst of the runs (0 all passed, 1 some graded with failures, 2 some not graded).
set -u
submissions="${SUBMISSIONS:-/submissions}"
reports="${REPORTS:-/reports}"
jar="${LABKIT_HOME:-/opt/labkit}/lab-runner/target/lab-runner.jar"
mkdir -p "$reports"
: > "$reports/summary.txt"
worst=0 count=0
for dir in "$submissions"/*/; do
  [ -d "$dir" ] || continue
  name="$(basename "$dir")"
  count=$((count + 1))
  echo "grading $name"
  java -jar "$jar" check "$dir" --models "url=${OLLAMA_URL:-http://ollama:11434}" \
    --json "$reports/$name.json" --junit "$reports/$name.xml" "$@" > "$reports/$name.txt" 2>&1
  status=$?
  case "$status" in 0) result=passed ;; 1) result="graded, with failures" ;; *) result="not graded" ;; esac
  echo "$name: $result (exit $status)" | tee -a "$reports/summary.txt"
  [ "$status" -gt "$worst" ] && worst=$status
done
if [ "$count" -eq 0 ]; then
  echo "error: no submission folders in $submissions (one folder per learner's project)" >&2
  exit 2
fi
echo "reports: $reports (summary.txt, NAME.txt, NAME.json, NAME.xml)"
exit "$worst"
