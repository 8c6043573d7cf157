package dev.labkit.runner.submission;

import dev.labkit.checks.sdk.AppInstance;
import dev.labkit.checks.sdk.LoadBalancer;
import dev.labkit.runner.LoopbackServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of the learner's app and the load balancers in front of them that the current check
 * started: check-scoped. The grader calls {@link #endCheck()} when each check ends (and before the next
 * one starts, for a check that was cut off while it started one), and {@link #close()} at the end of the run;
 * both stop all of them, balancers first. Replicas run on the app's own host (local process or sandbox), so
 * the host's containment and sweep hold them as they hold the app.
 */
public final class Replicas implements AutoCloseable {

    private final AppHost host;
    private final Path dataRoot;
    private final AtomicInteger count = new AtomicInteger();
    private final List<AutoCloseable> started = new ArrayList<>();
    private boolean closed;

    /**
     * @param host where the app runs: replicas run there too
     * @param dataRoot a folder of the run's workspace: each replica's {@code LAB_DATA_DIR} is a fresh folder in it
     */
    public Replicas(AppHost host, Path dataRoot) {
        this.host = host;
        this.dataRoot = dataRoot;
    }

    /**
     * Starts one more instance of {@code app}: the same command, folder and environment, but its own free
     * loopback {@code PORT} and its own new, empty {@code LAB_DATA_DIR}; returns once it answers the health path.
     *
     * @throws AssertionError when it does not come up in the start limit (the reason and its log's last lines)
     * @throws IllegalStateException when the run has ended
     */
    public AppInstance start(AppLaunch app) {
        int number = count.incrementAndGet();
        Path data = dataFolder(number);
        Map<String, String> env = new HashMap<>(app.env());
        int port = LoopbackServers.freePort();
        env.put("PORT", Integer.toString(port));
        env.put("LAB_DATA_DIR", data.toString());
        return AppReplica.start(app.with(env, port), host, this::register);
    }

    /** A round-robin load balancer in front of {@code instances}: see {@link RoundRobinBalancer}. */
    public LoadBalancer roundRobin(List<? extends AppInstance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a load balancer needs at least one app instance");
        }
        RoundRobinBalancer balancer = RoundRobinBalancer.start(instances);
        try {
            register(balancer);
        } catch (IllegalStateException e) {
            balancer.close();
            throw e;
        }
        return balancer;
    }

    private synchronized void register(AutoCloseable resource) {
        if (closed) {
            throw new IllegalStateException("the grading has ended: no more replicas");
        }
        started.add(resource);
    }

    /** A fresh folder for a replica's data, writable by the sandbox's user too. */
    private Path dataFolder(int number) {
        try {
            Path data = Files.createDirectories(dataRoot).resolve("replica-" + number);
            Files.createDirectory(data);
            try {
                Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
            } catch (UnsupportedOperationException e) {
                // Not POSIX (Windows): the sandbox does not run there.
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a data folder for a replica in " + dataRoot, e);
        }
    }

    /** Stops every replica and balancer started since the last call, balancers first; returns how many. */
    public int endCheck() {
        List<AutoCloseable> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(started);
            started.clear();
        }
        stopping.sort((a, b) -> Boolean.compare(a instanceof AppReplica, b instanceof AppReplica));
        for (AutoCloseable resource : stopping) {
            try {
                resource.close();
            } catch (Exception e) {
                // Keep stopping the rest: the host's sweep is the net for a replica that would not stop.
            }
        }
        return stopping.size();
    }

    /** At the end of the run: stops what is left and refuses new ones. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        endCheck();
    }
}
