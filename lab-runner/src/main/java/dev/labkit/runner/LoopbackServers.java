package dev.labkit.runner;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK HTTP servers the grader runs (the lab model, the tools world), set up the same way. */
public final class LoopbackServers {

    static {
        JvmSettings.apply(); // the server's settings are read when the first server starts
    }

    private LoopbackServers() {}

    /**
     * A port on 127.0.0.1 that was free a moment ago (for an app, a replica, a service the runner starts).
     *
     * @throws java.io.UncheckedIOException when the loopback interface has none
     */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** A server (not started) whose handlers run on at most {@code threads} daemon threads; more wait in a queue. */
    public static HttpServer create(InetSocketAddress address, int threads, String name) throws IOException {
        HttpServer server = HttpServer.create(address, 256);
        server.setExecutor(pool(threads, name));
        return server;
    }

    /** A server (not started) whose handlers run on {@code executor} (a lab model hub's seat). */
    public static HttpServer create(InetSocketAddress address, java.util.concurrent.Executor executor)
            throws IOException {
        HttpServer server = HttpServer.create(address, 256);
        server.setExecutor(executor);
        return server;
    }

    /** Stops the server at once and its threads with it (when its executor is an ExecutorService of its own). */
    public static void stop(HttpServer server) {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService threads) {
            threads.shutdownNow();
        }
    }

    private static ExecutorService pool(int threads, String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
