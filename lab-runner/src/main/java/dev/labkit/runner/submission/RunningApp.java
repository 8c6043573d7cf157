package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.LoadBalancer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner's app as a running process: started with the environment contract, considered up
 * once {@code GET <health path>} answers 200 (the lab's {@code health:}, {@code /health} by default),
 * restartable and terminable by checks, always stopped on close. Replicas and load balancers a check asks
 * for come from its {@link Replicas}.
 */
public final class RunningApp implements AppControl, AutoCloseable {

    private final AppLaunch launch;
    private final AppHost host;
    private final Replicas replicas;
    private final LogTail log = new LogTail();
    private final Readiness readiness = new Readiness();
    // volatile, not locked: the total-time watchdog must be able to stop an app a check is restarting.
    private volatile AppProcess process;
    /** The launch the app was last started with: the grader's own, or a check's changed one. */
    private volatile AppLaunch running;
    /** A check's restart began and has not brought the app back (yet, or ever: the check was cut off). */
    private volatile boolean restartUnfinished;
    /** A check terminated the app (it did not stop by itself): it is started again before the next check. */
    private volatile boolean terminated;

    private RunningApp(AppLaunch launch, AppHost host, Replicas replicas) {
        this.launch = launch;
        this.host = host;
        this.replicas = replicas;
    }

    /**
     * Starts the app and waits until it is healthy. The returned outcome says why not when it never
     * got there; the app is then already stopped.
     */
    public static Started start(AppLaunch launch, AppHost host) {
        return start(launch, host, null);
    }

    /**
     * Starts the app as {@link #start(AppLaunch, AppHost)} does; checks may start replicas of it and put
     * load balancers in front of them through {@code replicas} (null: they cannot).
     */
    public static Started start(AppLaunch launch, AppHost host, Replicas replicas) {
        RunningApp app = new RunningApp(launch, host, replicas);
        Outcome outcome;
        try {
            outcome = app.startAndAwaitHealth(launch);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        if (!outcome.ok()) {
            app.close();
        }
        return new Started(app, outcome);
    }

    /** An app and how its start went. */
    public record Started(RunningApp app, Outcome outcome) {}

    public URI url() {
        return URI.create("http://127.0.0.1:" + launch.port());
    }

    private synchronized Outcome startAndAwaitHealth(AppLaunch current) {
        long started = System.nanoTime();
        running = current;
        terminated = false;
        try {
            process = host.start(current, log);
        } catch (UncheckedIOException e) {
            return Outcome.failure(e.getMessage(), log.text(), Builder.since(started));
        }
        return readiness.await(process, log, current, started, "the app");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void restart() {
        restartAs(launch);
    }

    @Override
    public void restart(Map<String, String> changes) {
        Map<String, String> env = new HashMap<>(launch.env());
        env.putAll(changes);
        restartAs(launch.with(env, launch.port()));
    }

    /**
     * Sends the app's own process SIGTERM and waits up to {@code grace} for it to exit (then kills it). The
     * grader starts it again before the next check.
     */
    @Override
    public synchronized Termination terminate(Duration grace) {
        AppProcess current = process;
        if (current == null) {
            return new Termination(true, -1, Duration.ZERO);
        }
        terminated = true;
        return current.terminate(grace);
    }

    /**
     * One more instance of the grader's launch (not a check's changed one): see {@link Replicas#start}.
     *
     * @throws AssertionError when it does not come up
     */
    @Override
    public AppInstance startReplica() {
        return replicasOrFail().start(launch);
    }

    @Override
    public LoadBalancer roundRobin(List<? extends AppInstance> instances) {
        return replicasOrFail().roundRobin(instances);
    }

    private Replicas replicasOrFail() {
        if (replicas == null) {
            throw new UnsupportedOperationException("this run cannot start replicas of the app");
        }
        return replicas;
    }

    private synchronized void restartAs(AppLaunch next) {
        restartUnfinished = true;
        stopProcess();
        Outcome outcome = startAndAwaitHealth(next);
        if (!outcome.ok()) {
            throw new AssertionError("the app did not come back after a restart: " + outcome.reason()
                    + "\n--- app log (last lines) ---\n" + log.last(40));
        }
        restartUnfinished = false;
    }

    /**
     * Before each check: undoes what a check cut off at its time limit may have left behind, so that
     * the next check meets the app as the grader started it. A restart still under way is waited for
     * (this method holds the same lock), one that was abandoned is done again, an app running with
     * a check's changed environment is restarted with the grader's, and one a check terminated is started
     * again. An app that stopped by itself is left as it is: that is its own doing, and the next checks
     * grade it.
     *
     * @return a note for the result when the app had to be restarted, else empty
     */
    public synchronized Optional<String> settleBeforeCheck() {
        if (terminated && !restartUnfinished && launch.equals(running)) {
            try {
                restartAs(launch);
                return Optional.empty();
            } catch (AssertionError e) {
                return Optional.of("a check terminated the app, and it did not start again: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (!restartUnfinished && launch.equals(running)) {
            return Optional.empty();
        }
        try {
            restartAs(launch);
            return Optional.of("a check was cut off while it restarted the app: the app was started again as"
                    + " the grader starts it before the next check");
        } catch (AssertionError e) {
            return Optional.of("a check was cut off while it restarted the app, and the app did not come back: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override
    public String logTail() {
        return log.text();
    }

    /** How far the app's output has come (see {@link LogTail#mark}), for {@link #logSince}. */
    public long logMark() {
        return log.mark();
    }

    /** What the app printed after {@code mark}, its last {@code lines} lines at most (see {@link LogTail#since}). */
    public String logSince(long mark, int lines) {
        return log.since(mark, lines);
    }

    /** Throws the runner's fault if it could not read all the app printed (see {@link LogTail#requireIntact}). */
    public void requireIntactLog() {
        log.requireIntact("the app");
    }

    /** Stops the app now (used when the total time limit runs out). */
    public void stopProcess() {
        AppProcess current = process;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
