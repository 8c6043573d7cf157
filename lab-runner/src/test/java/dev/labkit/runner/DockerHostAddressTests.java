package dev.labkit.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.DockerHostAddress.Bridge;
import dev.labkit.runner.DockerHostAddress.Situation;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where published ports are reached, decided as Testcontainers decides but without its helper
 * container. The engine's bridge network is given here as the engine describes it (the cases a
 * test machine cannot switch between: in a container or not, a bridge with or without a gateway).
 */
class DockerHostAddressTests {

    private static final URI SOCKET = URI.create("unix:///var/run/docker.sock");
    private static final Bridge WITH_GATEWAY = new Bridge(Optional.of("172.18.0.1"), Optional.of("172.18.0.0/16"));
    private static final Bridge WITHOUT_GATEWAY = new Bridge(Optional.empty(), Optional.of("172.17.0.0/16"));

    private static Situation inAContainer(Bridge bridge) {
        return new Situation(SOCKET, Map.of(), true, () -> bridge);
    }

    @Test
    void onALocalSocketOutsideAContainerPortsAreOnLocalhostAndTestcontainersNeedsNoHelper() {
        Situation situation = new Situation(SOCKET, Map.of(), false, () -> {
            throw new AssertionError("the bridge is not asked for");
        });

        assertThat(DockerHostAddress.of(situation)).isEqualTo("localhost");
        assertThat(DockerHostAddress.testcontainersNeedsItsHelper(situation)).isFalse();
    }

    @Test
    void inAContainerTheBridgeGatewayIsTheAddressAsForTestcontainers() {
        assertThat(DockerHostAddress.of(inAContainer(WITH_GATEWAY))).isEqualTo("172.18.0.1");
        assertThat(DockerHostAddress.testcontainersNeedsItsHelper(inAContainer(WITH_GATEWAY))).isFalse();
    }

    /** The machine: Testcontainers would pull alpine:3.17 to read the default route; the bridge's own address is that route. */
    @Test
    void inAContainerWhoseBridgeNamesNoGatewayTheSubnetsFirstAddressIsTheAddress() {
        assertThat(DockerHostAddress.of(inAContainer(WITHOUT_GATEWAY))).isEqualTo("172.17.0.1");
        assertThat(DockerHostAddress.testcontainersNeedsItsHelper(inAContainer(WITHOUT_GATEWAY))).isTrue();
        assertThat(DockerHostAddress.of(inAContainer(Bridge.NONE))).as("no bridge network at all").isEqualTo("localhost");
    }

    @Test
    void theOverrideWinsAndSparesTestcontainersItsHelper() {
        Situation situation = new Situation(SOCKET, Map.of(DockerHostAddress.OVERRIDE, "10.0.0.7"), true,
                () -> WITHOUT_GATEWAY);

        assertThat(DockerHostAddress.of(situation)).isEqualTo("10.0.0.7");
        assertThat(DockerHostAddress.testcontainersNeedsItsHelper(situation)).isFalse();
    }

    @Test
    void aTcpEngineIsReachedAtItsHost() {
        Situation situation = new Situation(URI.create("tcp://docker:2375"), Map.of(), true, () -> WITHOUT_GATEWAY);

        assertThat(DockerHostAddress.of(situation)).isEqualTo("docker");
        assertThat(DockerHostAddress.testcontainersNeedsItsHelper(situation)).isFalse();
    }

    @Test
    void theFirstAddressOfASubnet() {
        assertThat(DockerHostAddress.firstAddress("172.17.0.0/16")).contains("172.17.0.1");
        assertThat(DockerHostAddress.firstAddress("10.1.2.128/25")).contains("10.1.2.129");
        assertThat(DockerHostAddress.firstAddress("192.168.5.7/24")).contains("192.168.5.1");
        assertThat(DockerHostAddress.firstAddress("fd00::/64")).isEmpty();
        assertThat(DockerHostAddress.firstAddress("nonsense")).isEmpty();
    }
}
