package dev.labkit.runner.submission;

import java.util.ArrayList;
import java.util.List;

/**
 * The processes a run's submission left running after the command that started them had ended
 * (a build's or an app's detached helper), which the runner then killed: one line each, {@code
 * phase: command line}, for the report. Thread-safe: the app may be stopped by the total-time
 * watchdog while a check restarts it.
 */
public final class Leftovers {

    /**
     * A POSIX {@code sh} script that runs as the init of a PID namespace (a {@code unshare}d one, or
     * a container's): it runs the command given after the output file, and when the command ends,
     * writes the command line of every process still running in the namespace to that file and
     * exits with the command's status. The kernel then kills those processes with the namespace.
     * (Zombies and kernel threads have an empty command line and are left out.)
     */
    public static final String INIT_SCRIPT = """
            out=$1; shift
            "$@"
            status=$?
            for p in /proc/[0-9]*; do
              [ "$p" = /proc/1 ] && continue
              line=$(tr '\\000' ' ' < "$p/cmdline" 2>/dev/null) && [ -n "$line" ] && printf '%s\\n' "$line"
            done > "$out"
            exit $status
            """;

    private final List<String> processes = new ArrayList<>();

    /** {@code command} run by {@link #INIT_SCRIPT}, which writes what it left to {@code report}. */
    public static List<String> underInit(List<String> command, String report) {
        List<String> line = new ArrayList<>(List.of("sh", "-c", INIT_SCRIPT, "labkit-init", report));
        line.addAll(command);
        return line;
    }

    /** Records processes the runner killed after a command of {@code phase} ({@code build}, {@code app}) ended. */
    public synchronized void add(String phase, List<String> described) {
        described.forEach(process -> processes.add(phase + ": " + ProcTable.cut(process.strip())));
    }

    /** What was killed, in order. */
    public synchronized List<String> processes() {
        return List.copyOf(processes);
    }
}
