package dev.labkit.runner.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final int MAX_ANCESTRY = 64;
    // Only processes started since the run began can be the run's: the others are not even looked at.
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(1);

    private final Path workspace;
    private final String runId = UUID.randomUUID().toString();
    private final long started = ProcTable.ticksSinceBoot();
    private final Containment containment;
    private final Leftovers leftovers;
    /** The pids of the commands started here that have not been stopped or ended (each its session's leader). */
    private final Set<Long> live = ConcurrentHashMap.newKeySet();

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
        AtomicLong pid = new AtomicLong(-1);
        ManagedProcess process = ManagedProcess.start(command, dir, marked, log, containment, left -> {
            live.remove(pid.get());
            leftovers.add(phase, left);
            if (!containment.complete()) {
                leftovers.add(phase, sweep()); // what left the session, before the next command runs
            }
        });
        pid.set(process.pid());
        live.add(process.pid());
        return process;
    }

    /**
     * Kills the run's processes that are left anywhere on this machine: started since the run
     * began, and found by working folder, open files or marker; a few rounds, since one may fork
     * while its parent is being killed. The sessions of commands that still run (the app, while a
     * replica of it ends) and their descendants are spared: they are not left over.
     */
    List<String> sweep() {
        List<String> killed = new ArrayList<>();
        for (int round = 0; round < SWEEP_ROUNDS; round++) {
            List<ProcTable.Entry> running = ProcTable.running();
            Map<Long, ProcTable.Entry> byPid = new HashMap<>();
            running.forEach(entry -> byPid.put(entry.pid(), entry));
            List<Long> found = running.stream()
                    .filter(process -> process.startTicks() >= started - ProcTable.ticks(CLOCK_MARGIN))
                    .filter(process -> !ofLiveCommand(process, byPid))
                    .map(ProcTable.Entry::pid)
                    .filter(pid -> ProcTable.belongsTo(pid, workspace, MARKER_VARIABLE + "=" + runId)).toList();
            if (found.isEmpty()) {
                break;
            }
            killed.addAll(Containment.Held.killAndDescribe(found));
        }
        return killed;
    }

    /** Whether it is in the session of a command that still runs, or descends from one. */
    private boolean ofLiveCommand(ProcTable.Entry process, Map<Long, ProcTable.Entry> byPid) {
        ProcTable.Entry current = process;
        for (int depth = 0; current != null && depth < MAX_ANCESTRY; depth++) {
            if (live.contains(current.pid()) || live.contains(current.session())) {
                return true;
            }
            current = byPid.get(current.parent());
        }
        return false;
    }

    /** The last sweep, when the run ends (also on Ctrl-C), before its workspace is deleted. */
    @Override
    public void close() {
        live.clear(); // nothing is spared any more
        leftovers.add("after grading", sweep());
    }
}
