package dev.labkit.runner.services;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.ServiceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds a Redis for a lab's {@code redis} service, trying in order: a URL the user gives ({@code --service
 * redis=URL} or {@value #URL_VARIABLE}, checked with PING), a container from a local image ({@value
 * #IMAGE_VARIABLE}, else the lab's {@code image:}, else {@value ContainerRedis#DEFAULT_IMAGE}) when Docker
 * answers, a local {@code redis-server} on the PATH, and jedis-mock in the runner. {@code --services} forces one
 * of the last three. Each that cannot serve says why, in one line.
 */
public final class RedisProvisioner {

    /** A Redis the user runs, {@code redis://host:port}; also {@code --service redis=URL}. */
    public static final String URL_VARIABLE = "LABKIT_REDIS_URL";

    /** The image a container Redis runs from, instead of the lab's or the default. */
    public static final String IMAGE_VARIABLE = "LABKIT_REDIS_IMAGE";

    /** How long a Redis the runner started may take to answer PING. */
    static final Duration READY_LIMIT = Duration.ofSeconds(30);

    private final Map<String, String> environment;
    private final Consumer<String> progress;

    /**
     * @param environment where to read {@value #URL_VARIABLE}, {@value #IMAGE_VARIABLE}, {@code PATH} and
     *     Testcontainers' settings
     * @param progress lines for the user while it looks and starts
     */
    public RedisProvisioner(Map<String, String> environment, Consumer<String> progress) {
        this.environment = Map.copyOf(environment);
        this.progress = progress;
    }

    /**
     * One way Redis could be served here.
     *
     * @param provider {@code url}, {@code container}, {@code process} or {@code embedded}
     * @param detail what it would run or use (a URL, an image, a program)
     * @param unavailable why it cannot serve, in one line; empty when it can
     */
    public record Option(String provider, String detail, Optional<String> unavailable) {}

    /** The container image for {@code spec}: {@value #IMAGE_VARIABLE}, else the lab's {@code image:}, else the default. */
    public String image(ServiceSpec spec) {
        String chosen = environment.getOrDefault(IMAGE_VARIABLE, "").strip();
        return !chosen.isEmpty() ? chosen : spec.image().orElse(ContainerRedis.DEFAULT_IMAGE);
    }

    /** The URL the user gave ({@value #URL_VARIABLE}), if any; a malformed one is a one-line error. */
    public Optional<URI> givenUrl() {
        String text = environment.getOrDefault(URL_VARIABLE, "").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(url(text));
    }

    /** {@code redis://host:port} (or {@code rediss://}, with {@code user:password@}) as a URI, else a one-line error. */
    public static URI url(String text) {
        try {
            URI uri = URI.create(text.strip());
            if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() <= 0) {
                throw new IllegalArgumentException("not redis://host:port");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw LabException.of("'" + text + "' is not a Redis URL: write redis://host:port (e.g."
                    + " redis://127.0.0.1:6379), as --service redis=URL or " + URL_VARIABLE);
        }
    }

    /** Every way Redis could be served here, in the order {@code auto} tries them; each looked at, none started. */
    public List<Option> options(ServiceSpec spec) {
        List<Option> options = new ArrayList<>();
        Optional<URI> given = givenUrl();
        options.add(given.map(url -> new Option("url", url.toString(), RedisPing.problem(url)))
                .orElse(new Option("url", "", Optional.of("no URL given (--service redis=URL or " + URL_VARIABLE + ")"))));
        String image = image(spec);
        options.add(new Option("container", image, containerProblem(image)));
        Optional<Path> program = ProcessRedis.find(environment.getOrDefault("PATH", ""));
        options.add(new Option("process", program.map(Path::toString).orElse(ProcessRedis.PROGRAM),
                program.isPresent() ? Optional.empty() : Optional.of(ProcessRedis.PROGRAM + " is not on the PATH"
                        + " (apt-get install redis-server)")));
        options.add(new Option("embedded", "jedis-mock in the runner", Optional.empty()));
        return options;
    }

    private Optional<String> containerProblem(String image) {
        if (!DockerEngine.reaperDisabled(environment)) {
            return Optional.of(DockerEngine.NO_REAPER + " is not true (the ./lab launcher sets it)");
        }
        Optional<String> docker = DockerEngine.problem(DockerEngine.LOOK_LIMIT);
        if (docker.isPresent()) {
            return docker;
        }
        return DockerEngine.imageExists(image) ? Optional.empty()
                : Optional.of(image + " is not a local image (the runner never pulls one): docker pull " + image
                        + ", or set " + IMAGE_VARIABLE);
    }

    /**
     * Starts (or finds) a Redis for {@code spec} as {@code choice} says, and waits until it answers PING.
     *
     * @throws LabException when none can be had: which providers were tried, and why each could not serve
     */
    ServiceServer provide(ServiceSpec spec, ServiceChoice choice) {
        if (choice == ServiceChoice.AUTO) {
            Optional<URI> given = givenUrl();
            if (given.isPresent()) {
                progress.accept("redis: the one at " + given.get() + " (given)");
                Optional<String> problem = RedisPing.problem(given.get());
                if (problem.isPresent()) {
                    throw LabException.of(problem.get() + ": start it, or leave out --service redis=URL and "
                            + URL_VARIABLE + " to let the runner start one");
                }
                return new GivenRedis(given.get());
            }
        }
        List<Option> options = options(spec).stream().filter(o -> !o.provider().equals("url")).toList();
        List<String> notUsed = new ArrayList<>();
        for (Option option : options) {
            if (choice != ServiceChoice.AUTO && !option.provider().equals(choice.id())) {
                continue;
            }
            if (option.unavailable().isPresent()) {
                if (choice != ServiceChoice.AUTO) {
                    throw LabException.of("--services " + choice.id() + " cannot serve redis: "
                            + option.unavailable().get() + "; or use --services auto");
                }
                notUsed.add(option.provider() + ": " + option.unavailable().get());
                continue;
            }
            try {
                return started(option);
            } catch (LabException e) {
                if (choice != ServiceChoice.AUTO) {
                    throw LabException.of("--services " + choice.id() + ": " + e.getMessage() + "; or use --services auto", e);
                }
                notUsed.add(option.provider() + ": " + e.getMessage());
                progress.accept("redis: " + option.provider() + " failed (" + e.getMessage() + "), trying the next");
            }
        }
        throw LabException.of("no Redis for this lab: " + String.join("; ", notUsed));
    }

    /** Starts {@code option}'s server and waits for PONG; closes it again when it does not answer. */
    private ServiceServer started(Option option) {
        progress.accept("redis: starting " + switch (option.provider()) {
            case "container" -> "a container from " + option.detail();
            case "process" -> option.detail() + " as a local process";
            default -> "the embedded Redis (jedis-mock)";
        });
        ServiceServer server = switch (option.provider()) {
            case "container" -> ContainerRedis.open(option.detail());
            case "process" -> ProcessRedis.open(Path.of(option.detail()));
            default -> EmbeddedRedis.open();
        };
        Optional<String> problem = RedisPing.await(server.url(), READY_LIMIT,
                () -> server instanceof ProcessRedis process ? process.gone() : Optional.empty());
        if (problem.isPresent()) {
            server.close();
            throw LabException.of(problem.get());
        }
        progress.accept("redis: " + option.provider() + " at " + server.url() + " answers PING");
        return server;
    }
}
