package dev.labkit.runner.submission;

/** A started build or app, wherever it runs: a local process or a sandbox container. */
public interface AppProcess extends AutoCloseable {

    boolean isAlive();

    /** Waits up to {@code timeout} for it to end by itself; true when it did. */
    boolean waitFor(java.time.Duration timeout) throws InterruptedException;

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    int exitCode();

    /** Waits briefly until the app's output has reached the log, so it holds the app's last words. */
    void awaitLog();

    /**
     * Stops it as an orchestrator does: SIGTERM to the app's own process (the one its start command runs, not
     * the runner's wrappers around it; in a container, its main process), up to {@code grace} for it to exit,
     * then SIGKILL and {@link #close()}. The log keeps its last words.
     *
     * @return whether it exited within {@code grace}, its exit code (-1 when it had to be killed), and how long
     *     it took from the signal to its end
     */
    dev.labkit.checks.sdk.AppInstance.Termination terminate(java.time.Duration grace);

    /** Stops it and everything it started: politely first, then forcibly. */
    @Override
    void close();
}
