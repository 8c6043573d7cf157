package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.LoadBalancer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A round-robin HTTP reverse proxy on 127.0.0.1 (a port of its own) in front of app instances, as a
 * platform's load balancer is: each request, not each connection, goes to the next instance in turn, so
 * the requests of one keep-alive connection alternate. Built on Jetty 12's {@link ProxyHandler.Reverse}:
 * the method, path, query, headers (but hop-by-hop ones; with {@code Via} and {@code X-Forwarded-*} added)
 * and bodies pass both ways, streamed as they come (server-sent events included); an instance that does
 * not answer gives the client {@code 502 Bad Gateway}, one that answers too late {@code 504}.
 */
final class RoundRobinBalancer implements LoadBalancer, AutoCloseable {

    /** How long an exchange may stay silent (a model's slow answer, an event stream's pause) before it is cut. */
    private static final long IDLE_TIMEOUT_MS = 180_000;
    private static final int MAX_THREADS = 64;
    private static final int CONNECTIONS_PER_INSTANCE = 64;

    private final List<AppInstance> instances;
    private final AtomicIntegerArray requests;
    private final AtomicLong next = new AtomicLong();
    private final Server server;
    private final URI url;

    private RoundRobinBalancer(List<AppInstance> instances) throws Exception {
        this.instances = instances;
        this.requests = new AtomicIntegerArray(instances.size());
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("labkit-balancer");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(new ProxyHandler.Reverse(this::pick) {
            @Override
            protected void configureHttpClient(HttpClient client) {
                super.configureHttpClient(client);
                client.setIdleTimeout(IDLE_TIMEOUT_MS);
                client.setMaxConnectionsPerDestination(CONNECTIONS_PER_INSTANCE);
                client.setFollowRedirects(false);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Starts one in front of {@code instances} (in turn order).
     *
     * @throws IllegalStateException when it cannot listen on 127.0.0.1
     */
    static RoundRobinBalancer start(List<? extends AppInstance> instances) {
        try {
            return new RoundRobinBalancer(List.copyOf(instances));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the load balancer on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The next instance in turn for this request, and the count it adds to. */
    private HttpURI pick(Request request) {
        int index = (int) (next.getAndIncrement() % instances.size());
        requests.incrementAndGet(index);
        URI target = instances.get(index).url();
        return HttpURI.build(request.getHttpURI()).scheme(target.getScheme()).host(target.getHost())
                .port(target.getPort());
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public List<AppInstance> instances() {
        return instances;
    }

    @Override
    public List<Integer> requestsPerInstance() {
        return IntStream.range(0, requests.length()).mapToObj(requests::get).toList();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: its threads are daemons and its port is loopback.
        }
    }

    @Override
    public String toString() {
        return "round-robin balancer at " + url + " in front of " + instances;
    }
}
