package dev.labkit.runner.services;

import dev.labkit.runner.LabException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container (Testcontainers) from a local image, never pulled: {@code redis-server} on port
 * {@value #PORT} persisting nothing, published on a free port of the Docker host. Stopping pauses the container
 * ({@code docker pause}: connections hang, as to a server that stopped answering, and its data stay); starting
 * unpauses it. Closing removes it.
 */
final class ContainerRedis implements ServiceServer {

    /** The image {@code redis} services run from by default: Redis 7.4 on Alpine, from Docker Hub's official image. */
    static final String DEFAULT_IMAGE = "redis:7.4-alpine";

    /** Redis's port in the container. */
    static final int PORT = 6379;

    static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    private final URI url;
    private boolean paused;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
        String host = container.getHost();
        this.url = URI.create("redis://" + ("localhost".equals(host) ? "127.0.0.1" : host) + ":"
                + container.getMappedPort(PORT));
    }

    /**
     * Runs {@code image} (which must be local: its {@code redis-server} on the PATH, as in the official image),
     * until Redis logs that it accepts connections.
     *
     * @throws LabException when Docker cannot run it, in one line
     */
    static ContainerRedis open(String image) {
        // The official image's entrypoint runs this command as is; an image without one needs redis-server on its PATH.
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(name -> false)
                .withExposedPorts(PORT)
                .withCommand("redis-server", "--port", Integer.toString(PORT), "--save", "", "--appendonly", "no",
                        "--protected-mode", "no")
                .withLabels(Map.of("dev.labkit.service", "redis"))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1).withStartupTimeout(START_LIMIT));
        try {
            container.start();
            return new ContainerRedis(container);
        } catch (RuntimeException e) {
            container.stop();
            throw LabException.of("cannot start Redis from " + image + " in Docker: "
                    + LabException.firstLine(e.getMessage(), e.toString()), e);
        }
    }

    @Override
    public String provider() {
        return "container";
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public boolean stoppable() {
        return true;
    }

    @Override
    public synchronized void stop() {
        if (!paused) {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }
    }

    @Override
    public synchronized void start() {
        if (paused) {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
            paused = false;
        }
    }

    @Override
    public synchronized boolean stopped() {
        return paused;
    }

    /** The container's id, for tests that look for leftovers. */
    String containerId() {
        return container.getContainerId();
    }

    @Override
    public synchronized void close() {
        try {
            if (paused) {
                // A paused container cannot be stopped: it would ignore the signal until unpaused.
                DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
                paused = false;
            }
        } catch (RuntimeException e) {
            // Removed below all the same.
        }
        container.stop();
    }
}
