package dev.labkit.runner.submission;

/** Where a learner's app runs: as a local process, or in a container sandbox. */
public interface AppHost {

    /** Runs apps as child processes of the runner, with its Java. */
    AppHost LOCAL = new AppHost() {
        @Override
        public String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        @Override
        public AppProcess start(AppLaunch launch, LogTail log) {
            return ManagedProcess.start(launch.command(), launch.dir(), launch.env(), log);
        }
    };

    /** The {@code java} that runs a jar app here. */
    String java();

    /** Starts the app, its output going to {@code log}; throws {@link java.io.UncheckedIOException} if it cannot run. */
    AppProcess start(AppLaunch launch, LogTail log);
}
