package dev.labkit.runner.submission;

/** Where a learner's app runs: as a local process ({@link LocalHost}), or in a container sandbox. */
public interface AppHost {

    /** The {@code java} that runs a jar app here. */
    String java();

    /** Starts the app, its output going to {@code log}; throws {@link java.io.UncheckedIOException} if it cannot run. */
    AppProcess start(AppLaunch launch, LogTail log);
}
