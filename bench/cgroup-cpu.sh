# Sourced by benchmarks: the CPU time of a whole process tree, counted by a Linux control group of its own.
# GNU time's user+sys counts only the processes each parent waited for; Chromium's helper processes and anything
# re-parented to init escape it (a lab-01 grading: 17% less than the cgroup's count, 2026-12-01). A cgroup counts
# every process started inside it. Needs the right to make a cgroup (root, or a delegated cgroup v2 subtree):
# cgroup v2's cpu.stat usage_usec, or cgroup v1's cpuacct.usage (nanoseconds).

# cg_make NAME: makes a cgroup for this benchmark and prints its folder; prints nothing when none can be made.
cg_make() {
  local dir
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)/$1"
  else
    dir="/sys/fs/cgroup/cpuacct/$1"
  fi
  mkdir -p "$dir" 2> /dev/null && [ -w "$dir/cgroup.procs" ] && echo "$dir"
}

# cg_exec DIR COMMAND...: runs COMMAND in the cgroup DIR (as it is, when DIR is empty), with all it starts.
cg_exec() {
  ( [ -z "$1" ] || echo "$BASHPID" > "$1/cgroup.procs"; shift; exec "$@" )
}

# cg_cpu_seconds DIR: the CPU time (user + system) of every process that ran in DIR, in seconds.
cg_cpu_seconds() {
  if [ -f "$1/cpu.stat" ]; then
    awk '$1 == "usage_usec" { printf "%.1f\n", $2 / 1e6 }' "$1/cpu.stat"
  else
    awk '{ printf "%.1f\n", $1 / 1e9 }' "$1/cpuacct.usage"
  fi
}

# cg_remove DIR: removes the cgroup once its processes are gone.
cg_remove() {
  rmdir "$1" 2> /dev/null || true
}
