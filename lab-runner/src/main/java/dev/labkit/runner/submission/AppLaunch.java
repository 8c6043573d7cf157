package dev.labkit.runner.submission;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a built app.
 *
 * @param command the command line
 * @param dir the working directory (the workspace copy)
 * @param env the environment contract ({@code PORT}, {@code OLLAMA_BASE_URL}, ...)
 * @param port the port the app must listen on
 * @param startLimit how long it may take to answer {@code GET /health}
 */
public record AppLaunch(List<String> command, Path dir, Map<String, String> env, int port, Duration startLimit) {

    public AppLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /**
     * The start command for the app in {@code app}: the {@code start:} of its {@code
     * submission.yaml}, or {@code java -jar} with the runnable jar a Maven build left in target/
     * ({@code java} being the host's: see {@link AppHost#java()}).
     */
    public static Optional<List<String>> command(Path app, SubmissionConfig config, String java) {
        if (config.start().isPresent()) {
            return Optional.of(List.of("sh", "-c", config.start().get()));
        }
        return RunnableJar.find(app).map(jar -> List.of(java, "-jar", app.relativize(jar).toString()));
    }
}
