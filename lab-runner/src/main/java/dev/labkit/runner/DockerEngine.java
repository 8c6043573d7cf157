package dev.labkit.runner;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * The local Docker engine, as Testcontainers uses it: is it there, may the runner use it, what images
 * it has. Every question is bounded in time (an engine may hang), and none runs or pulls anything.
 */
public final class DockerEngine {

    /**
     * The runner stops its containers itself, on every exit path, so it runs without Testcontainers'
     * Ryuk sidecar, whose image may not be pullable: with Ryuk on, merely asking whether Docker is
     * there tries to pull it for minutes. Testcontainers reads this only from the environment; the
     * {@code ./lab} launcher sets it.
     */
    public static final String NO_REAPER = "TESTCONTAINERS_RYUK_DISABLED";

    /** How long {@code --models auto}, which only looks whether Docker could serve, waits for the engine. */
    public static final Duration LOOK_LIMIT = Duration.ofSeconds(2);

    /** How long a run that needs Docker ({@code --models container}, {@code --sandbox container}) waits for it. */
    static final Duration NEED_LIMIT = Duration.ofSeconds(30);

    private static final Duration QUESTION_LIMIT = Duration.ofSeconds(10);

    private static final ExecutorService ASKING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "docker-engine");
        thread.setDaemon(true);
        return thread;
    });

    // Testcontainers finds its engine once per JVM; so does the runner, and every caller waits for that one look.
    private static Future<Optional<String>> look;

    private DockerEngine() {}

    public static boolean reaperDisabled(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.get(NO_REAPER));
    }

    /** Whether Testcontainers can use a Docker engine here, as found within {@link #LOOK_LIMIT}. */
    public static boolean available() {
        return problem(LOOK_LIMIT).isEmpty();
    }

    /**
     * Empty when Testcontainers can use a Docker engine here without pulling anything; else why not,
     * in words. Waits at most {@code limit} (the look goes on, for the next caller).
     */
    public static Optional<String> problem(Duration limit) {
        Future<Optional<String>> current;
        synchronized (DockerEngine.class) {
            if (look == null) {
                look = ASKING.submit(DockerEngine::look);
            }
            current = look;
        }
        try {
            return current.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("no Docker engine answered within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of("no Docker engine answers ("
                    + LabException.firstLine(e.getCause().getMessage(), e.getCause().toString()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for a Docker engine");
        }
    }

    /** Finds the engine as Testcontainers does, and makes sure it will not need a helper container for its address. */
    private static Optional<String> look() throws IOException {
        DockerClientFactory factory = DockerClientFactory.instance();
        URI engine;
        try {
            // Tries Testcontainers' strategies: each looks for a socket or address and pings it; none runs a container.
            engine = factory.getTransportConfig().getDockerHost();
        } catch (RuntimeException e) {
            return Optional.of("no Docker engine answers");
        }
        if (!reaperDisabled(System.getenv())) {
            // Testcontainers would start its Ryuk sidecar with the client, and pull its image for that.
            return Optional.of(NO_REAPER + " is not true (the ./lab launcher sets it)");
        }
        if (!factory.isUsing(LocalDockerStrategy.class)) {
            try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(factory.getTransportConfig())) {
                DockerHostAddress.Situation situation = DockerHostAddress.Situation.of(client, engine, System.getenv());
                if (DockerHostAddress.testcontainersNeedsItsHelper(situation)) {
                    return Optional.of("Testcontainers would pull alpine:3.17 to find where the engine at " + engine
                            + " publishes ports, from inside this container; set " + LocalDockerStrategy.SETTING + "="
                            + LocalDockerStrategy.class.getName() + " (the ./lab launcher does), or "
                            + DockerHostAddress.OVERRIDE + "=" + DockerHostAddress.of(situation));
                }
            }
        }
        factory.client();
        return Optional.empty();
    }

    /** Whether the engine has {@code image} locally (false when no engine answers). */
    public static boolean imageExists(String image) {
        if (problem(NEED_LIMIT).isPresent()) {
            return false;
        }
        return ask(() -> {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        }).orElse(false);
    }

    /** The answer to a question to the engine, empty when it failed or took longer than {@link #QUESTION_LIMIT}. */
    private static <T> Optional<T> ask(Callable<T> question) {
        Future<T> answer = ASKING.submit(question);
        try {
            return Optional.ofNullable(answer.get(QUESTION_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            answer.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Throws a one-line {@link LabException} unless the runner may start containers: {@code
     * purpose} says what for, {@code otherwise} what to use instead.
     */
    public static void require(Map<String, String> environment, String purpose, String otherwise) {
        if (!reaperDisabled(environment)) {
            throw LabException.of("set " + NO_REAPER + "=true to " + purpose + " (the ./lab launcher does):"
                    + " the runner stops its containers itself");
        }
        Optional<String> problem = problem(NEED_LIMIT);
        if (problem.isPresent()) {
            throw LabException.of(problem.get().startsWith("no Docker engine")
                    ? problem.get() + ": start one (sudo dockerd &), or " + otherwise
                    : "cannot " + purpose + ": " + problem.get() + "; or " + otherwise);
        }
    }
}
