package dev.labkit.runner.submission;

/** A started app, wherever it runs: a local process or a sandbox container. */
public interface AppProcess extends AutoCloseable {

    boolean isAlive();

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    int exitCode();

    /** Waits briefly until the app's output has reached the log, so it holds the app's last words. */
    void awaitLog();

    /** Stops the app: politely first, then forcibly. */
    @Override
    void close();
}
