package dev.labkit.runner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * How Testcontainers reaches a Docker engine on a local socket in the runner: Testcontainers' own
 * rootless, socket and Docker Desktop strategies in one (ranked above them, the sockets looked for in
 * their order), but for the address of published ports, found by {@link DockerHostAddress} without
 * running a container, where Testcontainers would pull {@code alpine:3.17} to find it from inside a
 * container. A strategy on the class path is Testcontainers' extension point for this
 * ({@code META-INF/services}); one remembered in {@code ~/.testcontainers.properties} is tried before
 * it, so {@code ./lab} names this one in {@value #SETTING}.
 */
public final class LocalDockerStrategy extends DockerClientProviderStrategy {

    /** The Testcontainers setting that names the strategy to try first. */
    public static final String SETTING = "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY";

    /** Above Testcontainers' rootless (81), socket (80) and Docker Desktop (79) strategies. */
    static final int PRIORITY = 82;

    private final Optional<Path> socket = findSocket();
    private String address;

    private static Optional<Path> findSocket() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Path.of(runtime, "docker.sock"));
        }
        Path home = Path.of(System.getProperty("user.home"));
        candidates.add(home.resolve(".docker/run/docker.sock"));
        candidates.add(Path.of("/var/run/docker.sock"));
        candidates.add(home.resolve(".docker/desktop/docker.sock"));
        return candidates.stream().filter(Files::exists).findFirst();
    }

    @Override
    public String getDescription() {
        return "the local Docker socket " + socket.map(Path::toString).orElse("(none)") + ", as LabKit uses it";
    }

    @Override
    protected boolean isApplicable() {
        return socket.isPresent();
    }

    @Override
    public TransportConfig getTransportConfig() {
        return TransportConfig.builder().dockerHost(URI.create("unix://" + socket.orElseThrow())).build();
    }

    @Override
    protected int getPriority() {
        return PRIORITY;
    }

    @Override
    public synchronized String getDockerHostIpAddress() {
        if (address == null) {
            address = DockerHostAddress.of(DockerHostAddress.Situation.of(getDockerClient(),
                    getTransportConfig().getDockerHost(), System.getenv()));
        }
        return address;
    }
}
