package dev.labkit.runner.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.labkit.checks.sdk.ContainerImages;
import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link ContainerImages} on the Docker engine the runner uses (found as {@link DockerEngine} finds it, the engine
 * {@code lab doctor} reports): image tarballs loaded with docker-java's load command through Testcontainers' client,
 * containers started with Testcontainers' {@link GenericContainer}.
 *
 * <p>Scoped like the checks that use it: {@link #endCheck()} stops and removes the containers started since the
 * last call (the grader calls it when a check ends, so a check never meets another's containers), and
 * {@link #close()} does that and removes the images loaded during the grading: the names the load gave (unless the
 * engine had that name before the load, in which case it stays, now naming the loaded image) and images known
 * only by their ID. Nothing is ever pulled.
 */
public final class DockerContainerImages implements ContainerImages, AutoCloseable {

    /** How long the first look for the engine may take (later looks are answered at once). */
    private static final Duration ENGINE_LIMIT = Duration.ofSeconds(30);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
    private static final String LOADED = "Loaded image: ";
    private static final String LOADED_ID = "Loaded image ID: ";
    /** The repository an image loaded without a name is tagged in. */
    static final String UNNAMED = "labkit/loaded-image";

    private final Supplier<Optional<String>> engineProblem;
    private final List<Started> running = new ArrayList<>();
    private final Set<String> loaded = new LinkedHashSet<>();

    /** On the engine {@link DockerEngine} finds. */
    public DockerContainerImages() {
        this(() -> DockerEngine.problem(ENGINE_LIMIT));
    }

    /** For tests: {@code engineProblem} says whether an engine answers. */
    DockerContainerImages(Supplier<Optional<String>> engineProblem) {
        this.engineProblem = engineProblem;
    }

    @Override
    public Optional<String> unavailable() {
        return engineProblem.get();
    }

    /**
     * @throws IllegalStateException when no engine answers ({@link #unavailable()})
     * @throws AssertionError when the file is not an image tarball, Docker will not load it, or the container will
     *     not start: one line with Docker's reason
     */
    @Override
    public RunningContainer run(Path imageTarball, Map<String, String> env, int containerPort) {
        unavailable().ifPresent(why -> {
            throw new IllegalStateException("cannot run " + imageTarball + ": " + why);
        });
        ImageTarball image = ImageTarball.read(imageTarball);
        String reference = load(image);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(reference))
                .withEnv(Map.copyOf(env))
                .withExposedPorts(containerPort)
                .waitingFor(new NoWait());
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        if (isLoopback(host)) {
            // Published on the loopback interface only: nothing outside this machine reaches the learner's app.
            container.withCreateContainerCmdModifier(cmd -> {
                HostConfig config = cmd.getHostConfig() == null ? new HostConfig() : cmd.getHostConfig();
                Ports ports = new Ports();
                ports.bind(ExposedPort.tcp(containerPort), Ports.Binding.bindIp("127.0.0.1"));
                cmd.withHostConfig(config.withPortBindings(ports));
            });
        }
        long started = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            String logs = logsOf(container);
            container.stop();
            throw new AssertionError("the image " + reference + " (" + imageTarball.getFileName()
                    + ") did not start in Docker: " + LabException.firstLine(rootMessage(e), e.toString())
                    + (logs.isBlank() ? "" : "; it printed: " + LabException.firstLine(logs, "")));
        }
        Duration startedIn = Duration.ofNanos(System.nanoTime() - started);
        URI url = URI.create("http://" + (isLoopback(host) ? "127.0.0.1" : host) + ":"
                + container.getMappedPort(containerPort));
        Started running = new Started(container, url, startedIn);
        synchronized (this) {
            this.running.add(running);
        }
        return running;
    }

    /** Loads the tarball; returns the name to run it by (its first loaded name, or its ID). */
    private String load(ImageTarball image) {
        DockerClient client = DockerClientFactory.instance().client();
        Set<String> existed = new LinkedHashSet<>();
        for (String name : image.references()) {
            if (exists(client, name)) {
                existed.add(name);
            }
        }
        List<String> messages = new ArrayList<>();
        String error = null;
        try (InputStream in = Files.newInputStream(image.path());
                ResultCallback.Adapter<LoadResponseItem> callback = client.loadImageAsyncCmd(in)
                        .exec(new ResultCallback.Adapter<>() {
                            @Override
                            public void onNext(LoadResponseItem item) {
                                synchronized (messages) {
                                    if (item.getStream() != null) {
                                        messages.add(item.getStream().strip());
                                    }
                                    if (item.getErrorDetail() != null || item.getError() != null) {
                                        messages.add("error: " + (item.getError() != null ? item.getError()
                                                : item.getErrorDetail().getMessage()));
                                    }
                                }
                            }

                            @Override
                            public void onError(Throwable throwable) {
                                synchronized (messages) {
                                    messages.add("error: " + LabException.firstLine(rootMessage(throwable),
                                            throwable.toString()));
                                }
                                super.onError(throwable);
                            }
                        })) {
            if (!callback.awaitCompletion(LOAD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                error = "Docker did not load it within " + LOAD_LIMIT.toMinutes() + " min";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.interrupted("an image was loaded into Docker", e);
        } catch (Exception e) {
            error = LabException.firstLine(rootMessage(e), e.toString());
        }
        List<String> names = new ArrayList<>();
        synchronized (messages) {
            for (String message : messages) {
                for (String line : message.lines().toList()) {
                    if (line.startsWith("error: ") && error == null) {
                        error = line.substring("error: ".length());
                    } else if (line.startsWith(LOADED)) {
                        names.add(line.substring(LOADED.length()).strip());
                    } else if (line.startsWith(LOADED_ID)) {
                        names.add(line.substring(LOADED_ID.length()).strip());
                    }
                }
            }
        }
        synchronized (this) {
            names.stream().filter(name -> !existed.contains(name)).forEach(loaded::add);
        }
        if (error != null || names.isEmpty()) {
            throw new AssertionError("Docker could not load " + image.path() + ": "
                    + (error != null ? error : "it said nothing of a loaded image (" + String.join("; ", messages) + ")"));
        }
        String name = names.get(0);
        if (name.startsWith("sha256:")) {
            // Known by its ID only: a name to run it by (an ID does not parse as an image name), removed with it.
            String tag = name.substring("sha256:".length(), Math.min(name.length(), "sha256:".length() + 12));
            client.tagImageCmd(name, UNNAMED, tag).exec();
            name = UNNAMED + ":" + tag;
            synchronized (this) {
                loaded.add(name);
            }
        }
        return name;
    }

    private static boolean exists(DockerClient client, String name) {
        try {
            client.inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Stops and removes the containers started since the last call: a check's, when it ends. */
    public void endCheck() {
        List<Started> started;
        synchronized (this) {
            started = List.copyOf(running);
            running.clear();
        }
        started.forEach(Started::close);
    }

    /** Stops and removes every container, and removes the images the grading loaded. */
    @Override
    public void close() {
        endCheck();
        List<String> images;
        synchronized (this) {
            images = List.copyOf(loaded);
            loaded.clear();
        }
        if (images.isEmpty()) {
            return;
        }
        DockerClient client = DockerClientFactory.instance().client();
        for (String image : images) {
            try {
                client.removeImageCmd(image).exec();
            } catch (RuntimeException e) {
                // Gone already, or used by a container that is not the runner's: leave it.
            }
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String logsOf(GenericContainer<?> container) {
        try {
            return container.getContainerId() == null ? "" : container.getLogs();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    }

    /** Returns at once: the check decides when the app in it is up. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // Nothing to wait for.
        }
    }

    /** One started container. */
    private static final class Started implements RunningContainer {
        private final GenericContainer<?> container;
        private final URI url;
        private final Duration startedIn;
        private volatile String lastLogs = "";
        private volatile boolean closed;

        Started(GenericContainer<?> container, URI url, Duration startedIn) {
            this.container = container;
            this.url = url;
            this.startedIn = startedIn;
        }

        @Override
        public URI url() {
            return url;
        }

        @Override
        public String logs() {
            if (closed) {
                return lastLogs;
            }
            String logs = logsOf(container);
            if (!logs.isEmpty()) {
                lastLogs = logs;
            }
            return lastLogs;
        }

        @Override
        public boolean isRunning() {
            return !closed && container.isRunning();
        }

        @Override
        public Duration startedIn() {
            return startedIn;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            logs();
            closed = true;
            container.stop();
        }
    }
}
