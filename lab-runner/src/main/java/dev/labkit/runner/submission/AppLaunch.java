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
 * @param startLimit how long it may take to answer {@code GET <health>} with 200
 * @param health the path that answers 200 once the app is up (the lab's {@code health:}, e.g. {@code /health/ready})
 */
public record AppLaunch(List<String> command, Path dir, Map<String, String> env, int port, Duration startLimit,
        String health) {

    /** The health path of a lab that names none. */
    public static final String DEFAULT_HEALTH = "/health";

    public AppLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (!health.startsWith("/")) {
            throw new IllegalArgumentException("a health path starts with /: " + health);
        }
    }

    /** A launch that waits for {@value #DEFAULT_HEALTH}. */
    public AppLaunch(List<String> command, Path dir, Map<String, String> env, int port, Duration startLimit) {
        this(command, dir, env, port, startLimit, DEFAULT_HEALTH);
    }

    /** The same launch with another environment and port (a restart with changes, a replica). */
    public AppLaunch with(Map<String, String> otherEnv, int otherPort) {
        return new AppLaunch(command, dir, otherEnv, otherPort, startLimit, health);
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
