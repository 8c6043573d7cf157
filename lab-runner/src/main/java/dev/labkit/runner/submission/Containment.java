package dev.labkit.runner.submission;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How the processes one command starts are kept together, so that every one of them can be
 * stopped however it detaches (a daemon's fork, setsid, fork leaves the command's process tree).
 * The kinds, best first; the runner uses the best this machine allows, probed once:
 * <ol>
 *   <li>{@code pid-namespace}: the command runs under a small init in a PID namespace of its own
 *       (util-linux {@code unshare}; as root, or in an unprivileged user namespace). When the command
 *       ends, the init lists what still runs there and exits, and the kernel kills the rest: no
 *       process can fork its way out.
 *   <li>{@code cgroup}: the command runs in a cgroup v2 of its own, under the runner's own where the
 *       runner may write there (a systemd user session); what is left is killed with {@code cgroup.kill}.
 *   <li>{@code session}: the command runs in a session of its own ({@code setsid}); what is left in
 *       it is killed.
 *   <li>{@code process-tree}: neither {@code setsid} nor {@code /proc} (macOS): the command's
 *       descendants, as far as the JDK sees them.
 * </ol>
 * Every kind stops a command the same way: SIGTERM to its session, SIGKILL after a grace period.
 * What leaves the session and the cgroup anyway is for the run's sweep ({@link LocalHost}).
 */
abstract class Containment {

    /** How long a command has to stop after SIGTERM, and its leftovers after SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

    private final String id;
    private final String summary;
    private final boolean complete;

    /**
     * @param id a short name for reports: {@code pid-namespace}, {@code cgroup}, {@code session} or {@code process-tree}
     * @param summary what it does, in a few words, for {@code lab doctor}
     * @param complete whether no process can leave it by detaching (it may by other means: see docs/sandbox.md)
     */
    Containment(String id, String summary, boolean complete) {
        this.id = id;
        this.summary = summary;
        this.complete = complete;
    }

    String id() {
        return id;
    }

    String summary() {
        return summary;
    }

    boolean complete() {
        return complete;
    }

    /** Prepares one command: the command line that runs it contained, and how to stop all it started. */
    abstract Held hold(List<String> command) throws IOException;

    /** The best kind this machine allows (probed on first use). */
    static Containment best() {
        return Probe.BEST;
    }

    /** Every kind that works here, best first (the tests try each). */
    static List<Containment> available() {
        return candidates().stream().filter(Containment::works).toList();
    }

    private static final class Probe {
        static final Containment BEST = candidates().stream().filter(Containment::works).findFirst().orElseThrow();
    }

    private static List<Containment> candidates() {
        List<Containment> kinds = new ArrayList<>(List.of(PidNamespaceContainment.PRIVILEGED,
                PidNamespaceContainment.USER_NAMESPACE, PidNamespaceContainment.USER_NAMESPACE_AS_ROOT));
        CgroupContainment.underOwnCgroup().ifPresent(kinds::add);
        kinds.add(new SessionContainment());
        kinds.add(new ProcessTreeContainment()); // works everywhere
        return kinds;
    }

    /** Whether it runs a command to its end here: the tools are installed and the kernel allows it. */
    boolean works() {
        try {
            Held held = hold(List.of("true"));
            Process process = new ProcessBuilder(held.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ended = process.waitFor(PROBE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            held.stop(process);
            return ended && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return id();
    }

    /** {@code command} behind {@code wrapper}: the command line that runs it held. */
    static List<String> wrapped(List<String> wrapper, List<String> command) {
        List<String> line = new ArrayList<>(wrapper);
        line.addAll(command);
        return List.copyOf(line);
    }

    /** One command in a containment: its command line, and how to stop it with all it started. */
    abstract static class Held {

        private final List<String> command;

        /** @param command the command line to run */
        Held(List<String> command) {
            this.command = command;
        }

        List<String> command() {
            return command;
        }

        /** Frees what {@link Containment#hold} made, for a command that could not be started. */
        void discard() {}

        /** After the command ended: kills what it left running, and says what that was. */
        abstract List<String> killLeftovers(Process process);

        /**
         * The command's own process, as an orchestrator would signal it: by default the process the runner
         * started (each wrapper execs the next: setsid, the cgroup's shell).
         */
        List<Long> own(Process process) {
            return List.of(process.pid());
        }

        /** Whom a stop sends SIGTERM: the command's session (the runner starts each in its own). */
        List<ProcTable.Entry> members(Process process) {
            return ProcTable.running().stream().filter(e -> e.session() == process.pid()).toList();
        }

        /** Whom a stop sends SIGKILL when SIGTERM did not do: by default the same. */
        List<ProcTable.Entry> killable(Process process) {
            return members(process);
        }

        /**
         * Stops the command, SIGTERM to its session and SIGKILL after {@link #GRACE}, then kills what
         * it left. Returns a description of each process that was left (empty when none was).
         */
        List<String> stop(Process process) {
            if (process.isAlive()) {
                signal(members(process), ProcessHandle::destroy);
                if (!awaitExit(process)) {
                    signal(killable(process), ProcessHandle::destroyForcibly);
                    if (!awaitExit(process)) {
                        process.destroyForcibly();
                        awaitExit(process);
                    }
                }
            }
            return killLeftovers(process);
        }

        static void signal(List<ProcTable.Entry> processes, Consumer<ProcessHandle> signal) {
            processes.forEach(entry -> ProcessHandle.of(entry.pid()).ifPresent(signal));
        }

        static boolean awaitExit(Process process) {
            try {
                return process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Kills the processes and describes them, for the report. */
        static List<String> killAndDescribe(List<Long> pids) {
            List<String> described = new ArrayList<>(pids.stream().map(ProcTable::describe).toList());
            ProcTable.kill(pids, GRACE);
            return described;
        }
    }
}
