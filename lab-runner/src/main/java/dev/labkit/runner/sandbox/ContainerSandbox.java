package dev.labkit.runner.sandbox;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.submission.AppHost;
import dev.labkit.runner.submission.AppLaunch;
import dev.labkit.runner.submission.AppProcess;
import dev.labkit.runner.submission.Leftovers;
import dev.labkit.runner.submission.LogTail;
import dev.labkit.runner.submission.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs a learner's app in a container ({@code --sandbox container}): as a non-root user, on a
 * read-only root file system, with CPU and memory limits, and no network at all. The app still sees
 * the same environment contract as a local process: its workspace under {@value #MOUNT} (the copy
 * read-only, the data and fixtures folders writable), and the lab model and the lab's services on
 * its own loopback at the same ports, through a {@link SocketRelay} sidecar that shares its network
 * namespace and a Unix socket folder with the runner. So nothing reaches the app but the grader,
 * and the app reaches nothing but the lab's own servers.
 */
public final class ContainerSandbox implements AppHost, AutoCloseable {

    /** The environment variable naming the image that runs jar apps and the relay (it needs {@code java}). */
    public static final String JRE_IMAGE_VARIABLE = "LABKIT_JRE_IMAGE";
    public static final String DEFAULT_JRE_IMAGE = "eclipse-temurin:17-jre";

    /** The {@code java} of jar apps: the JRE image's. */
    public static final String JAVA = "java";

    /** Where the workspace (copy, data, fixtures) appears in the app's container. */
    static final String MOUNT = "/lab";
    private static final String SOCKETS = "/labkit/sockets";
    private static final String RELAY_CLASSPATH = "/labkit/relay";
    private static final Duration RELAY_START = Duration.ofSeconds(30);
    private static final Duration PULL_LIMIT = Duration.ofMinutes(10);
    private static final String NO_REASON = "no reason given";
    private static final SandboxSpec RELAY_LIMITS = new SandboxSpec(java.util.Optional.empty(), 0.5, 256L << 20);

    /**
     * The images a run needs.
     *
     * @param jre runs jar apps and the relay
     * @param app runs this submission's app: {@code jre} for a jar, the lab's image for a {@code start:} command
     * @param build builds it (see {@link ContainerBuild})
     */
    public record Images(String jre, String app, String build) {}

    private final Images images;
    private final SandboxSpec limits;
    private final Workspace workspace;
    private final String user;
    private final Path sockets;
    private final Leftovers leftovers;
    private final SocketRelay hostRelay = new SocketRelay();
    private SandboxContainer relay;
    /** The ports of the app's instances the grader reaches through the relays: the app's, then each replica's. */
    private final Set<Integer> relayedPorts = new HashSet<>();
    /**
     * One relay pair per replica port: a host listener and a small relay container in the app's network (the
     * first relay's rules are fixed when it starts); removed when the replica stops.
     */
    private final Map<Integer, Runnable> replicaRelays = new LinkedHashMap<>();

    private ContainerSandbox(Images images, SandboxSpec limits, Workspace workspace, Path sockets, Leftovers leftovers) {
        this.images = images;
        this.limits = limits;
        this.workspace = workspace;
        this.sockets = sockets;
        this.leftovers = leftovers;
        this.user = userFor(workspace.root());
    }

    /**
     * Checks that containers can run here and gets the images (pulling what is missing), before
     * anything is built: a sandbox that cannot run fails fast, with what to do.
     */
    public static Images prepare(SandboxSpec spec, boolean startCommand, Map<String, String> environment,
            Consumer<String> progress) {
        DockerEngine.require(environment, "run apps in containers", "use --sandbox process");
        String jre = environment.getOrDefault(JRE_IMAGE_VARIABLE, DEFAULT_JRE_IMAGE);
        Images images = new Images(jre, startCommand ? spec.image().orElse(jre) : jre, ContainerBuild.image(environment));
        ContainerBuild.requireImage(images.build());
        Stream.of(images.jre(), images.app()).distinct().forEach(image -> ensureImage(image, progress));
        return images;
    }

    private static void ensureImage(String image, Consumer<String> progress) {
        if (DockerEngine.imageExists(image)) {
            return;
        }
        DockerImageName name = DockerImageName.parse(image);
        progress.accept("pulling " + image);
        ImagePullProgress pull = new ImagePullProgress(image, progress);
        try {
            boolean done = DockerClientFactory.instance().client()
                    .pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart())
                    .exec(pull)
                    .awaitCompletion(PULL_LIMIT.toMinutes(), TimeUnit.MINUTES);
            if (!done) {
                throw new IllegalStateException("the pull took longer than " + PULL_LIMIT.toMinutes() + " minutes");
            }
            if (!DockerEngine.imageExists(image)) {
                throw new IllegalStateException(pull.error() != null ? pull.error() : "the pull ended without the image");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while pulling the sandbox image " + image);
        } catch (RuntimeException e) {
            throw LabException.of("cannot get the sandbox image " + image + " (" + LabException.firstLine(e.getMessage(), NO_REASON)
                    + "): offline, build one with docker/jre-base.sh and set " + JRE_IMAGE_VARIABLE
                    + "=labkit/jre-base:17, or use --sandbox process", e);
        }
    }

    /**
     * Opens the sandbox for one run: relays for the app's port and for {@code servicePorts} (the lab
     * model, the tools world), all on loopback, and the relay sidecar that owns the app's network.
     * What an app leaves running, detached, when it is stopped goes to {@code leftovers}.
     */
    public static ContainerSandbox open(Images images, SandboxSpec limits, Workspace workspace,
            List<Integer> servicePorts, int appPort, Leftovers leftovers) {
        Path sockets;
        try {
            // Short, because a Unix socket path may be at most about 100 bytes.
            sockets = Files.createTempDirectory("lks-");
            Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
            shareWithSandboxUser(workspace);
        } catch (IOException e) {
            throw LabException.of("cannot prepare the sandbox's folders: " + e.getMessage(), e);
        }
        ContainerSandbox sandbox = new ContainerSandbox(images, limits, workspace, sockets, leftovers);
        try {
            sandbox.startRelays(servicePorts, appPort);
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startRelays(List<Integer> servicePorts, int appPort) {
        List<String> rules = new ArrayList<>();
        try {
            for (int port : servicePorts) {
                String socket = "svc-" + port + ".sock";
                hostRelay.unixToTcp(sockets.resolve(socket), port);
                rules.add("tcp:" + port + "=" + SOCKETS + "/" + socket);
            }
            rules.add("unix:" + SOCKETS + "/app.sock=" + appPort);
            hostRelay.tcpToUnix(appPort, sockets.resolve("app.sock"));
            relayedPorts.add(appPort);
        } catch (IOException e) {
            throw LabException.of("cannot start the sandbox relay on 127.0.0.1: " + e.getMessage(), e);
        }
        LogTail log = new LogTail();
        relay = relayContainer(rules, "", "none", log).start();
        awaitRelay(relay, sockets, log);
    }

    /** A relay container with {@code rules}, writing its ready file in {@code readyDir} (under the socket folder). */
    private SandboxContainer relayContainer(List<String> rules, String readyDir, String network, LogTail log) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx48m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", RELAY_CLASSPATH + classpathSuffix(), SocketRelay.class.getName()));
        command.addAll(rules);
        command.add(readyDir.isEmpty() ? SOCKETS : SOCKETS + "/" + readyDir);
        Map<String, String> binds = new LinkedHashMap<>();
        binds.put(sockets.toString(), SOCKETS);
        binds.put(relayClasspath().toString(), RELAY_CLASSPATH + classpathSuffix() + ":ro");
        return new SandboxContainer(images.jre(), command, Map.of(), "/tmp", user, network, binds, RELAY_LIMITS, log);
    }

    /**
     * A replica listens on a port of its own in the app's network: the grader reaches it through one more
     * relay pair, a host listener on that port and a small relay container in the app's network. Returns
     * what removes them (nothing to remove for the app's own port).
     */
    private synchronized Runnable relayReplicaPort(int port) {
        if (relayedPorts.contains(port)) {
            return () -> { };
        }
        String name = "replica-" + port;
        Path ready;
        SocketRelay listener = new SocketRelay();
        try {
            ready = Files.createDirectory(sockets.resolve(name));
            Files.setPosixFilePermissions(ready, PosixFilePermissions.fromString("rwxrwxrwx"));
            listener.tcpToUnix(port, sockets.resolve(name + ".sock"));
        } catch (IOException e) {
            listener.close();
            throw new UncheckedIOException("cannot relay the replica's port " + port + " on 127.0.0.1: "
                    + e.getMessage(), e);
        }
        LogTail log = new LogTail();
        SandboxContainer extra = relayContainer(List.of("unix:" + SOCKETS + "/" + name + ".sock=" + port), name,
                "container:" + relay.id(), log);
        Runnable release = () -> {
            listener.close();
            extra.close();
            synchronized (this) {
                relayedPorts.remove(port);
                replicaRelays.remove(port);
            }
        };
        relayedPorts.add(port);
        replicaRelays.put(port, release);
        try {
            extra.start();
            awaitRelay(extra, ready, log);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return release;
    }

    private void awaitRelay(SandboxContainer relay, Path readyDir, LogTail log) {
        long deadline = System.nanoTime() + RELAY_START.toNanos();
        while (!Files.exists(readyDir.resolve(SocketRelay.READY_FILE))) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                relay.awaitLog();
                throw LabException.of("the sandbox relay did not start in " + images.jre() + " (does it have java"
                        + " on its PATH?): " + log.last(5).replace('\n', ' ').strip());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LabException.of("interrupted while starting the sandbox relay");
            }
        }
    }

    /** A jar is mounted as a file, a classes folder (tests, the IDE) as a folder. */
    private static String classpathSuffix() {
        return relayClasspath().toString().endsWith(".jar") ? ".jar" : "";
    }

    private static Path relayClasspath() {
        try {
            return Path.of(SocketRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the runner's classes", e);
        }
    }

    @Override
    public String java() {
        return JAVA;
    }

    /**
     * Starts the app (again, on a restart; or a replica of it, on a port of its own) in a fresh container that
     * joins the relay's network.
     */
    @Override
    public AppProcess start(AppLaunch launch, LogTail log) {
        Map<String, String> env = new LinkedHashMap<>();
        launch.env().forEach((name, value) -> env.put(name, inSandbox(value)));
        env.put("HOME", "/tmp");
        Map<String, String> binds = new LinkedHashMap<>();
        binds.put(workspace.root().toString(), MOUNT);
        binds.put(workspace.app().toString(), inSandbox(workspace.app().toString()) + ":ro");
        Runnable release = () -> { };
        try {
            release = relayReplicaPort(launch.port());
            SandboxContainer app = new SandboxContainer(images.app(), launch.command(), env,
                    inSandbox(launch.dir().toString()), user, "container:" + relay.id(), binds, limits, log);
            app.beforeStop(() -> leftovers.add("app", app.detachedProcesses())).afterStop(release).start();
            return app;
        } catch (RuntimeException e) {
            release.run();
            throw new UncheckedIOException("cannot start the app's container from " + images.app() + ": "
                    + LabException.firstLine(e.getMessage(), NO_REASON), new IOException(e));
        }
    }

    /** A host path in the workspace as the app sees it. */
    String inSandbox(String value) {
        return value.replace(workspace.root().toString(), MOUNT);
    }

    @Override
    public void close() {
        List<Runnable> releases;
        synchronized (this) {
            releases = new ArrayList<>(replicaRelays.values());
        }
        releases.forEach(Runnable::run);
        if (relay != null) {
            relay.close();
        }
        hostRelay.close();
        FileTrees.delete(sockets).forEach(leftover -> System.err.println("warning: could not delete " + leftover));
    }

    /**
     * The sandbox runs as the runner's own user, so that what the app writes stays the runner's to
     * delete; as {@value SandboxContainer#DEFAULT_USER} when the runner runs as root.
     */
    static String userFor(Path owned) {
        try {
            int uid = (Integer) Files.getAttribute(owned, "unix:uid");
            int gid = (Integer) Files.getAttribute(owned, "unix:gid");
            return uid == 0 ? SandboxContainer.DEFAULT_USER : uid + ":" + gid;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return SandboxContainer.DEFAULT_USER;
        }
    }

    /**
     * The workspace is the runner's private temporary folder: the sandbox user may pass through it,
     * and write to the data folder and the fixtures copy (both this run's own).
     */
    private static void shareWithSandboxUser(Workspace workspace) throws IOException {
        Files.setPosixFilePermissions(workspace.root(), PosixFilePermissions.fromString("rwx--x--x"));
        for (Path writable : List.of(workspace.data(), workspace.root().resolve("fixtures"))) {
            if (Files.isDirectory(writable)) {
                try (Stream<Path> files = Files.walk(writable)) {
                    for (Path file : files.toList()) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                                Files.isDirectory(file) ? "rwxrwxrwx" : "rw-rw-rw-"));
                    }
                }
            }
        }
    }
}
