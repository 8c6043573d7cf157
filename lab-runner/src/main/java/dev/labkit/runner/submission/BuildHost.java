package dev.labkit.runner.submission;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a submission is built: as local processes ({@link LocalHost}), or in a build container. */
public interface BuildHost {

    /** The Maven command for the project in {@code app}: its own {@code mvnw} where that may run, else {@code mvn}. */
    String maven(Path app);

    /**
     * Starts {@code command} in {@code dir} (the workspace's copy), its output going to {@code log};
     * throws {@link java.io.UncheckedIOException} if it cannot run.
     */
    AppProcess start(List<String> command, Path dir, Map<String, String> env, LogTail log);

    /**
     * Makes the runner's file {@code file} readable to builds on this host (read-only) and returns the path under
     * which a build reads it: on the local host, the file's own path.
     */
    default String share(Path file) {
        return file.toAbsolutePath().toString();
    }
}
