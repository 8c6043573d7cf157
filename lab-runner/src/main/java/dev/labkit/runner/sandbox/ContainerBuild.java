package dev.labkit.runner.sandbox;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.submission.AppProcess;
import dev.labkit.runner.submission.BuildHost;
import dev.labkit.runner.submission.Leftovers;
import dev.labkit.runner.submission.LogTail;
import dev.labkit.runner.submission.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a submission in a container ({@code --sandbox container}), so that nothing of it runs on
 * the host: confined like the app (see {@link SandboxContainer}: not root, read-only root, no
 * capabilities, the lab's CPU and memory limits), on the build image ({@value #IMAGE_VARIABLE},
 * default {@value #DEFAULT_IMAGE}: this machine's JDK, Maven 3.9 and busybox, made by
 * docker/build-base.sh). It sees:
 * <ul>
 *   <li>{@code /lab/app}: the workspace's copy, writable (the build writes {@code target/} there);
 *   <li>{@code /labkit/m2/host}: the runner's Maven repository ({@code ~/.m2/repository}), read-only:
 *       offline builds find what the host has, and no build can change it;
 *   <li>{@code /labkit/m2/run}: this run's own Maven repository, where Maven writes what it
 *       downloads, deleted with the run. Maven 3.9 chains the two ({@code maven.repo.local} and
 *       the read-only {@code maven.repo.local.tail}, after which the image's own {@code /opt/m2}).
 * </ul>
 * Its network is Docker's default bridge, so that Maven Central is reachable for what the caches
 * lack (the app's container has none). The command runs under {@link Leftovers#INIT_SCRIPT} as the
 * container's init, which reports what the build left running; the kernel kills that with the
 * container.
 */
public final class ContainerBuild implements BuildHost, AutoCloseable {

    public static final String IMAGE_VARIABLE = "LABKIT_BUILD_IMAGE";
    public static final String DEFAULT_IMAGE = "labkit/build-base:17";

    /** Where the workspace's copy is built: where the app's container sees it too. */
    static final String APP = ContainerSandbox.MOUNT + "/app";
    private static final String HOST_REPOSITORY = "/labkit/m2/host";
    private static final String RUN_REPOSITORY = "/labkit/m2/run";
    private static final String IMAGE_REPOSITORY = "/opt/m2";
    private static final String CONTROL = "/labkit/control";
    /** Where files the runner {@linkplain #share shares} with the build are, read-only (e.g. the Jib base image). */
    static final String SHARED = "/labkit/shared";
    private static final String LEFTOVERS_FILE = "leftovers.txt";
    private static final String BRIDGE = "bridge";

    private final String image;
    private final SandboxSpec limits;
    private final Workspace workspace;
    private final Path scratch;
    private final String user;
    private final Leftovers leftovers;
    private final Map<String, String> shared = new LinkedHashMap<>();

    private ContainerBuild(String image, SandboxSpec limits, Workspace workspace, Path scratch, Leftovers leftovers) {
        this.image = image;
        this.limits = limits;
        this.workspace = workspace;
        this.scratch = scratch;
        this.user = ContainerSandbox.userFor(workspace.root());
        this.leftovers = leftovers;
    }

    /** The build image this run uses: {@value #IMAGE_VARIABLE}, else {@value #DEFAULT_IMAGE}. */
    static String image(Map<String, String> environment) {
        return environment.getOrDefault(IMAGE_VARIABLE, DEFAULT_IMAGE);
    }

    /** Made locally (it carries this machine's JDK), never pulled: missing, it is a one-line error with the fix. */
    static void requireImage(String image) {
        if (!DockerEngine.imageExists(image)) {
            throw LabException.of("the build image " + image + " is not here: make it with docker/build-base.sh"
                    + " (from this machine's JDK and Maven 3.9), or set " + IMAGE_VARIABLE + ", or use --sandbox process");
        }
    }

    /**
     * Prepares the run's build: its own Maven repository and control folder, and the copy made
     * writable for the sandbox user.
     */
    public static ContainerBuild open(String image, SandboxSpec limits, Workspace workspace, Leftovers leftovers) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("labkit-build-");
            ContainerBuild build = new ContainerBuild(image, limits, workspace, scratch, leftovers);
            for (Path own : List.of(Files.createDirectory(scratch.resolve("m2")),
                    Files.createDirectory(scratch.resolve("control")), workspace.app())) {
                build.giveToSandboxUser(own);
            }
            return build;
        } catch (IOException e) {
            if (scratch != null) {
                FileTrees.delete(scratch); // only the build's own caches: nothing the grade or a report needs
            }
            throw LabException.of("cannot prepare the build's folders: " + e.getMessage(), e);
        }
    }

    /** When the runner runs as root, the sandbox user is another: it gets the folders it writes to. */
    private void giveToSandboxUser(Path tree) throws IOException {
        if (!user.equals(SandboxContainer.DEFAULT_USER)) {
            return;
        }
        int uid = Integer.parseInt(user.split(":")[0]);
        int gid = Integer.parseInt(user.split(":")[1]);
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.toList()) {
                Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** The image's own Maven: a project's mvnw would download Maven again in every fresh container. */
    @Override
    public String maven(Path app) {
        return "mvn";
    }

    /** Mounts {@code file} read-only at {@value #SHARED}{@code /<its name>} in every build container of this run. */
    @Override
    public synchronized String share(Path file) {
        String inside = SHARED + "/" + file.getFileName();
        shared.put(file.toAbsolutePath().toString(), inside);
        return inside;
    }

    @Override
    public AppProcess start(List<String> command, Path dir, Map<String, String> env, LogTail log) {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("HOME", "/tmp");
        // Tools that find their folders from Java's user.home (the image's /etc/passwd: read-only here), as Jib
        // does, honour the XDG variables: their config and caches go to /tmp too.
        environment.put("XDG_CONFIG_HOME", "/tmp/.config");
        environment.put("XDG_CACHE_HOME", "/tmp/.cache");
        environment.put("MAVEN_OPTS", "-Dmaven.repo.local=" + RUN_REPOSITORY + " -Dmaven.repo.local.tail="
                + String.join(",", tail()));
        Map<String, String> binds = new LinkedHashMap<>();
        binds.put(workspace.app().toString(), APP);
        binds.put(scratch.resolve("m2").toString(), RUN_REPOSITORY);
        binds.put(scratch.resolve("control").toString(), CONTROL);
        hostRepository().ifPresent(repository -> binds.put(repository.toString(), HOST_REPOSITORY + ":ro"));
        synchronized (this) {
            shared.forEach((host, inside) -> binds.put(host, inside + ":ro"));
        }
        Path report = scratch.resolve("control").resolve(LEFTOVERS_FILE);
        String workDir = APP + "/" + workspace.app().relativize(dir);
        try {
            SandboxContainer container = new SandboxContainer(image,
                    Leftovers.underInit(command, CONTROL + "/" + LEFTOVERS_FILE), environment, workDir, user, BRIDGE,
                    binds, limits, log);
            return container.inGroups(repositoryGroup()).beforeStop(() -> leftovers.add("build", readLines(report)))
                    .start();
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot start the build's container from " + image + ": "
                    + LabException.firstLine(e.getMessage(), "no reason given"), new IOException(e));
        }
    }

    private List<String> tail() {
        List<String> tail = new ArrayList<>();
        hostRepository().ifPresent(repository -> tail.add(HOST_REPOSITORY));
        tail.add(IMAGE_REPOSITORY);
        return tail;
    }

    private static Optional<Path> hostRepository() {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        return Files.isDirectory(repository) ? Optional.of(repository) : Optional.empty();
    }

    /**
     * When the runner runs as root, the build's user is not the owner of the runner's repository:
     * it reads it through the repository's group (so the repository must be group-readable).
     */
    private List<String> repositoryGroup() {
        if (!user.equals(SandboxContainer.DEFAULT_USER)) {
            return List.of();
        }
        try {
            return hostRepository().isPresent()
                    ? List.of(String.valueOf(Files.getAttribute(hostRepository().get(), "unix:gid"))) : List.of();
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        FileTrees.delete(scratch); // only the build's own caches: nothing the grade or a report needs
    }
}
