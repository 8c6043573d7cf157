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

    /** Stops it and everything it started: politely first, then forcibly. */
    @Override
    void close();
}
