# The helper that leave-helper.sh leaves: $1 names it (with the token), $2 says what it does.
# "report": every 0.2 s it overwrites each file named report-<token>.json it finds under /tmp (a
# folder anyone can guess) with a perfect score, as a helper that hunts for the report would. The
# token in the name only keeps it away from other files on a shared machine.
token=${1#labkit-helper-}
touch helper-started
i=0
while [ "$i" -lt 300 ]; do
  if [ "$2" = report ]; then
    for f in $(find /tmp -maxdepth 3 -name "report-$token.json" 2>/dev/null); do
      printf '{"lab": "01-chatbot", "score": 100, "maxScore": 100, "status": "passed"}\n' > "$f"
    done
  fi
  sleep 0.2
  i=$((i + 1))
done
