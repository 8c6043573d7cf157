package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppInstance;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * One replica of the learner's app that a check started (see {@link Replicas}): its own process (or
 * container), port, data folder and log. Stopped by {@link #close()} or {@link #terminate}.
 */
final class AppReplica implements AppInstance, AutoCloseable {

    private final AppLaunch launch;
    private final LogTail log = new LogTail();
    private volatile AppProcess process;
    private volatile boolean closed;

    private AppReplica(AppLaunch launch) {
        this.launch = launch;
    }

    /**
     * Starts it on {@code host} and waits for its health path; {@code register} gets it before its process
     * starts, so that it is stopped even when the check is cut off while it starts.
     *
     * @throws AssertionError when it does not come up: the reason and its log's last lines
     */
    static AppReplica start(AppLaunch launch, AppHost host, java.util.function.Consumer<AppReplica> register) {
        AppReplica replica = new AppReplica(launch);
        register.accept(replica);
        long started = System.nanoTime();
        Outcome outcome;
        try {
            replica.process = host.start(launch, replica.log);
            if (replica.closed) { // the check ended while the process started
                replica.process.close();
                throw new AssertionError("the replica on port " + launch.port() + " was stopped while it started:"
                        + " the check had ended");
            }
            outcome = new Readiness().await(replica.process, replica.log, launch, started, "the replica");
        } catch (UncheckedIOException e) {
            outcome = Outcome.failure(e.getMessage(), replica.log.text(), Builder.since(started));
        }
        if (!outcome.ok()) {
            replica.close();
            throw new AssertionError("a replica of the app did not start: " + outcome.reason()
                    + "\n--- replica log (last lines) ---\n" + replica.log.last(40));
        }
        return replica;
    }

    @Override
    public URI url() {
        return URI.create("http://127.0.0.1:" + launch.port());
    }

    /** Its {@code LAB_DATA_DIR}, as the app was given it. */
    String dataDir() {
        return launch.env().get("LAB_DATA_DIR");
    }

    @Override
    public String logTail() {
        return log.text();
    }

    @Override
    public boolean isRunning() {
        AppProcess current = process;
        return current != null && current.isAlive();
    }

    @Override
    public Termination terminate(Duration grace) {
        AppProcess current = process;
        if (current == null) {
            return new Termination(true, -1, Duration.ZERO);
        }
        return current.terminate(grace);
    }

    @Override
    public void close() {
        closed = true;
        AppProcess current = process;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "replica on port " + launch.port();
    }
}
