package dev.labkit.runner.services;

import dev.labkit.checks.sdk.LabService;
import java.net.URI;
import java.util.Optional;

/**
 * A lab service as checks see it ({@link LabService}): its name, what serves it, and stop/start that come back
 * only once it answers again. Closing stops it for good.
 */
final class RunningService implements LabService, AutoCloseable {

    private final String name;
    private final ServiceServer server;

    RunningService(String name, ServiceServer server) {
        this.name = name;
        this.server = server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String provider() {
        return server.provider();
    }

    @Override
    public URI url() {
        return server.url();
    }

    @Override
    public boolean stoppable() {
        return server.stoppable();
    }

    @Override
    public void stop() {
        if (!server.stoppable()) {
            throw new UnsupportedOperationException(name + " at " + url() + " was given by URL: it cannot be stopped");
        }
        server.stop();
    }

    /**
     * Does nothing when it runs; else starts it again at the same URL and returns once it answers PING.
     *
     * @throws IllegalStateException when it does not answer within its limit
     */
    @Override
    public void start() {
        if (!server.stopped()) {
            return;
        }
        server.start();
        Optional<String> problem = RedisPing.await(server.url(), RedisProvisioner.READY_LIMIT,
                () -> server instanceof ProcessRedis process ? process.gone() : Optional.empty());
        if (problem.isPresent()) {
            throw new IllegalStateException("the lab service " + name + " did not come back: " + problem.get());
        }
    }

    /** The server behind it, for tests. */
    ServiceServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
