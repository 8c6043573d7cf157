package dev.labkit.runner.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one grading run's build and app as local processes (process mode). Each command is held by
 * the best {@link Containment} this machine allows and marked with the run's id in {@value
 * #MARKER_VARIABLE}. When a command ends or is stopped, what it left is killed, and then the run is
 * swept: every process whose working folder or open files are in the run's workspace, or whose
 * environment carries the run's marker, is killed too (what left its command's containment: a
 * session of its own, a cgroup it moved out of). Closing sweeps once more. What was killed goes to
 * {@link Leftovers}, for the report.
 */
public final class LocalHost implements AppHost, BuildHost, AutoCloseable {

    /** In the environment of every process of a run: {@code LABKIT_RUN=<random id>}. */
    static final String MARKER_VARIABLE = "LABKIT_RUN";
    private static final int SWEEP_ROUNDS = 5;
    // Only processes started since the run began can be the run's: the others are not even looked at.
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(1);

    private final Path workspace;
    private final String runId = UUID.randomUUID().toString();
    private final long started = ProcTable.ticksSinceBoot();
    private final Containment containment;
    private final Leftovers leftovers;

    /** @param workspace the run's folder: what a process of the run works in */
    public LocalHost(Path workspace, Leftovers leftovers) {
        this(workspace, leftovers, Containment.best());
    }

    LocalHost(Path workspace, Leftovers leftovers, Containment containment) {
        this.workspace = ownFolder(workspace);
        this.leftovers = leftovers;
        this.containment = containment;
    }

    /**
     * The sweep kills every process that works or holds a file in the workspace: it must be the
     * run's own folder, never one that holds the temp folder, the home or the current folder.
     */
    private static Path ownFolder(Path workspace) {
        Path own = realPath(workspace);
        for (String shared : List.of("java.io.tmpdir", "user.home", "user.dir")) {
            if (realPath(Path.of(System.getProperty(shared))).startsWith(own)) {
                throw new IllegalArgumentException("a run's workspace must be a folder of its own, not " + own
                        + " (it holds " + shared + ")");
            }
        }
        return own;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * How this machine holds a command's processes (probed once, see {@link Containment}).
     *
     * @param kind {@code pid-namespace}, {@code cgroup}, {@code session} or {@code process-tree}
     * @param summary what that means, in a few words
     * @param complete whether no process can escape it by detaching
     */
    public record Holding(String kind, String summary, boolean complete) {}

    public static Holding holding() {
        Containment best = Containment.best();
        return new Holding(best.id(), best.summary(), best.complete());
    }

    /** How commands are held here, for the report: see {@link Containment#id()}. */
    public String containment() {
        return containment.id();
    }

    @Override
    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String maven(Path app) {
        Path wrapper = app.resolve("mvnw");
        return Files.isExecutable(wrapper) ? wrapper.toString() : "mvn";
    }

    @Override
    public AppProcess start(List<String> command, Path dir, Map<String, String> env, LogTail log) {
        return run("build", command, dir, env, log);
    }

    @Override
    public AppProcess start(AppLaunch launch, LogTail log) {
        return run("app", launch.command(), launch.dir(), launch.env(), log);
    }

    private AppProcess run(String phase, List<String> command, Path dir, Map<String, String> env, LogTail log) {
        Map<String, String> marked = new HashMap<>(env);
        marked.put(MARKER_VARIABLE, runId);
        return ManagedProcess.start(command, dir, marked, log, containment, left -> {
            leftovers.add(phase, left);
            if (!containment.complete()) {
                leftovers.add(phase, sweep()); // what left the session, before the next command runs
            }
        });
    }

    /**
     * Kills the run's processes that are left anywhere on this machine: started since the run
     * began, and found by working folder, open files or marker; a few rounds, since one may fork
     * while its parent is being killed.
     */
    List<String> sweep() {
        List<String> killed = new ArrayList<>();
        for (int round = 0; round < SWEEP_ROUNDS; round++) {
            List<Long> found = ProcTable.running().stream()
                    .filter(process -> process.startTicks() >= started - ProcTable.ticks(CLOCK_MARGIN))
                    .map(ProcTable.Entry::pid)
                    .filter(pid -> ProcTable.belongsTo(pid, workspace, MARKER_VARIABLE + "=" + runId)).toList();
            if (found.isEmpty()) {
                break;
            }
            killed.addAll(Containment.Held.killAndDescribe(found));
        }
        return killed;
    }

    /** The last sweep, when the run ends (also on Ctrl-C), before its workspace is deleted. */
    @Override
    public void close() {
        leftovers.add("after grading", sweep());
    }
}
