# Leaves a helper running, detached the way daemons do (fork, setsid, fork): a subshell forks it
# into a session of its own and exits at once, so the helper is reparented away from the command
# that started it. Its command line carries this copy's token (the file `token`, which the test
# writes), by which the tests find it; it lives a minute at most. This script returns once the
# helper runs (it touches helper-started), so that the command goes on with its helper detached.
#   sh leave-helper.sh           the helper only waits
#   sh leave-helper.sh report    the helper hunts for the JSON report (see helper-loop.sh)
token=$(cat token)
rm -f helper-started
(setsid sh helper-loop.sh "labkit-helper-$token" "${1:-wait}" </dev/null >/dev/null 2>&1 &)
i=0
while [ ! -e helper-started ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
