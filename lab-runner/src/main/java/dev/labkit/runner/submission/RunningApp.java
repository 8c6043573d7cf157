package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppControl;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The learner's app as a running process: started with the environment contract, considered up
 * once {@code GET /health} answers 200, restartable by checks, always stopped on close.
 */
public final class RunningApp implements AppControl, AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final AppLaunch launch;
    private final AppHost host;
    private final LogTail log = new LogTail();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    // volatile, not locked: the total-time watchdog must be able to stop an app a check is restarting.
    private volatile AppProcess process;
    /** The launch the app was last started with: the grader's own, or a check's changed one. */
    private volatile AppLaunch running;
    /** A check's restart began and has not brought the app back (yet, or ever: the check was cut off). */
    private volatile boolean restartUnfinished;

    private RunningApp(AppLaunch launch, AppHost host) {
        this.launch = launch;
        this.host = host;
    }

    /**
     * Starts the app and waits until it is healthy. The returned outcome says why not when it never
     * got there; the app is then already stopped.
     */
    public static Started start(AppLaunch launch, AppHost host) {
        RunningApp app = new RunningApp(launch, host);
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
        try {
            process = host.start(current, log);
        } catch (UncheckedIOException e) {
            return Outcome.failure(e.getMessage(), log.text(), Builder.since(started));
        }
        long deadline = started + current.startLimit().toNanos();
        URI health = url().resolve("/health");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process.awaitLog();
                log.requireIntact("the app");
                return Outcome.failure("the app exited with code " + process.exitCode()
                        + " before answering GET /health: see its log below", log.text(), Builder.since(started));
            }
            if (isHealthy(health)) {
                return Outcome.success(log.text(), Builder.since(started));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                throw LabException.interrupted("waiting for the app to start", e);
            }
        }
        log.requireIntact("the app");
        return Outcome.failure("the app did not answer GET /health with 200 on port " + launch.port()
                + " within " + Builder.seconds(launch.startLimit())
                + " (does it listen on the port given in PORT?)", log.text(), Builder.since(started));
    }

    private boolean isHealthy(URI health) {
        try {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        restartAs(new AppLaunch(launch.command(), launch.dir(), env, launch.port(), launch.startLimit()));
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
     * (this method holds the same lock), one that was abandoned is done again, and an app running with
     * a check's changed environment is restarted with the grader's. An app that stopped by itself is
     * left as it is: that is its own doing, and the next checks grade it.
     *
     * @return a note for the result when the app had to be restarted, else empty
     */
    public synchronized Optional<String> settleBeforeCheck() {
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
