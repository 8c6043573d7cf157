package dev.labkit.runner.services;

import com.github.fppt.jedismock.RedisServer;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;

/**
 * Redis served in the runner's own JVM by jedis-mock (https://github.com/fppt/jedis-mock: a Java server that
 * speaks the Redis protocol, RESP2, with most commands), on 127.0.0.1. Stopping closes its port (connections are
 * refused); starting runs a new, empty server on the same port.
 */
final class EmbeddedRedis implements ServiceServer {

    private final int port;
    private RedisServer server;

    private EmbeddedRedis(RedisServer server) {
        this.server = server;
        this.port = server.getBindPort();
    }

    /** A new server on a free port of 127.0.0.1. */
    static EmbeddedRedis open() {
        return new EmbeddedRedis(server(0));
    }

    private static RedisServer server(int port) {
        try {
            return RedisServer.newRedisServer(port, InetAddress.getLoopbackAddress()).start();
        } catch (IOException e) {
            throw LabException.of("cannot start the embedded Redis on 127.0.0.1" + (port == 0 ? "" : ":" + port)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String provider() {
        return "embedded";
    }

    @Override
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    @Override
    public boolean stoppable() {
        return true;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw LabException.of("cannot stop the embedded Redis on 127.0.0.1:" + port + ": " + e.getMessage(), e);
            }
            server = null;
        }
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            server = server(port);
        }
    }

    @Override
    public synchronized boolean stopped() {
        return server == null;
    }

    @Override
    public void close() {
        stop();
    }
}
