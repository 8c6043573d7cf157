package dev.labkit.runner;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the runner reaches the ports a Docker engine publishes, found without running a container.
 * Testcontainers' rules ({@code DockerClientProviderStrategy.resolveDockerHostIpAddress}, 2.0.5):
 * {@value #OVERRIDE} when set; the host of a {@code tcp://} engine; {@code localhost} for a local
 * socket; inside a container, the gateway of Docker's {@code bridge} network. When that network
 * names no gateway, Testcontainers runs {@code alpine:3.17} to read its default route, which needs
 * a registry; here the answer is the subnet's first address instead, the one Docker gives the
 * bridge itself, and so the default route that helper container would have read.
 */
final class DockerHostAddress {

    /** Testcontainers' own setting for the address (read from the environment only). */
    static final String OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";

    /** How Testcontainers tells it runs inside a container ({@code DockerClientConfigUtils.IN_A_CONTAINER}). */
    static final boolean IN_A_CONTAINER = Files.exists(Path.of("/.dockerenv"));

    private static final String LOCALHOST = "localhost";

    /** Docker's default network as the engine describes it: its gateway and subnet, when it names them. */
    record Bridge(Optional<String> gateway, Optional<String> subnet) {
        static final Bridge NONE = new Bridge(Optional.empty(), Optional.empty());
    }

    /**
     * What the runner needs to decide: the engine's address, the environment, whether it runs in a
     * container, and (asked only when needed) the engine's bridge network.
     */
    record Situation(URI engine, Map<String, String> environment, boolean inAContainer, Supplier<Bridge> bridge) {

        static Situation of(DockerClient client, URI engine, Map<String, String> environment) {
            return new Situation(engine, environment, IN_A_CONTAINER, () -> bridgeOf(client));
        }

        private boolean localSocket() {
            return "unix".equals(engine.getScheme()) || "npipe".equals(engine.getScheme());
        }

        private Optional<String> override() {
            return Optional.ofNullable(environment.get(OVERRIDE)).filter(value -> !value.isBlank());
        }
    }

    private DockerHostAddress() {}

    /** The address, by Testcontainers' rules but never through a helper container. */
    static String of(Situation situation) {
        Optional<String> override = situation.override();
        if (override.isPresent()) {
            return override.get();
        }
        if (!situation.localSocket()) {
            return Objects.requireNonNullElse(situation.engine().getHost(), LOCALHOST);
        }
        if (!situation.inAContainer()) {
            return LOCALHOST;
        }
        Bridge bridge = situation.bridge().get();
        return bridge.gateway().or(() -> bridge.subnet().flatMap(DockerHostAddress::firstAddress)).orElse(LOCALHOST);
    }

    /**
     * Whether Testcontainers, left to its own rules, would run its helper container to find the
     * address (and pull {@code alpine:3.17} for it), or fail to find one.
     */
    static boolean testcontainersNeedsItsHelper(Situation situation) {
        return situation.override().isEmpty() && situation.localSocket() && situation.inAContainer()
                && situation.bridge().get().gateway().isEmpty();
    }

    private static Bridge bridgeOf(DockerClient client) {
        try {
            Network.Ipam ipam = client.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam();
            List<Network.Ipam.Config> configs = ipam == null || ipam.getConfig() == null ? List.of() : ipam.getConfig();
            return new Bridge(
                    configs.stream().map(Network.Ipam.Config::getGateway).filter(Objects::nonNull).findFirst(),
                    configs.stream().map(Network.Ipam.Config::getSubnet).filter(Objects::nonNull)
                            .filter(subnet -> subnet.contains(".")).findFirst());
        } catch (RuntimeException e) {
            return Bridge.NONE;
        }
    }

    /** The first host address of an IPv4 subnet: {@code 172.17.0.0/16} gives {@code 172.17.0.1}. */
    static Optional<String> firstAddress(String subnet) {
        String[] parts = subnet.split("/");
        if (parts.length != 2 || !parts[0].matches("[0-9.]+")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (bytes.length != 4 || prefix < 0 || prefix > 30) {
                return Optional.empty();
            }
            int address = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
            int network = prefix == 0 ? 0 : address & (-1 << (32 - prefix));
            int first = network + 1;
            return Optional.of(((first >>> 24) & 0xff) + "." + ((first >>> 16) & 0xff) + "." + ((first >>> 8) & 0xff)
                    + "." + (first & 0xff));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
