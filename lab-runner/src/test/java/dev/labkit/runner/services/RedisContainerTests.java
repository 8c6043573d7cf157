package dev.labkit.runner.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.checks.sdk.LabService;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import redis.clients.jedis.Jedis;

/**
 * Redis in a container for real, from an image built here with docker/redis-base.sh out of this machine's
 * redis-server (no image can be pulled here). Runs wherever a Docker engine answers and redis-server is installed.
 */
@Testcontainers(disabledWithoutDocker = true)
class RedisContainerTests {

    /** Made by docker/redis-base.sh when missing; kept for the next run (18 MB). */
    static final String IMAGE = "labkit-test/redis:local";

    private static final List<ServiceSpec> REDIS = List.of(new ServiceSpec("redis", Optional.empty()));

    private static final Map<String, String> ENVIRONMENT = Map.of(DockerEngine.NO_REAPER, "true",
            RedisProvisioner.IMAGE_VARIABLE, IMAGE, "PATH", "");

    @BeforeAll
    static void buildTheImage() throws IOException, InterruptedException {
        ensureImage();
    }

    /** {@value #IMAGE}, built from this machine's redis-server if it is not there yet. */
    static void ensureImage() throws IOException, InterruptedException {
        if (DockerEngine.imageExists(IMAGE)) {
            return;
        }
        assumeTrue(ProcessRedis.find(System.getenv().getOrDefault("PATH", "")).isPresent(),
                "redis-server is not installed (apt-get install redis-server): no Redis image can be built here");
        Process build = new ProcessBuilder(TestLabs.home().resolve("docker/redis-base.sh").toString(), IMAGE)
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(120, TimeUnit.SECONDS) && build.exitValue() == 0).as(output).isTrue();
    }

    private static long containersOf(String image) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(image)).exec().size();
    }

    @Test
    void aContainerFromTheLocalImageServesIsPausedByStopAndLeavesNoContainer() {
        long before = containersOf(IMAGE);
        List<String> progress = new CopyOnWriteArrayList<>();
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.AUTO, ENVIRONMENT, progress::add)) {
            LabService redis = services.byName().get("redis");
            assertThat(redis.provider()).as("auto with Docker and the image local").isEqualTo("container");
            URI url = redis.url();
            try (Jedis jedis = new Jedis(url)) {
                jedis.set("session:1", "kept");
            }
            assertThat(containersOf(IMAGE)).isEqualTo(before + 1);

            redis.stop();
            assertThat(RedisPing.problem(url)).as("PING to a paused container").isPresent();
            redis.start();
            assertThat(redis.url()).isEqualTo(url);
            try (Jedis jedis = new Jedis(url)) {
                assertThat(jedis.get("session:1")).as("a paused container keeps its data").isEqualTo("kept");
            }
            redis.stop(); // closed while paused: removed all the same
        }
        assertThat(progress).contains("redis: starting a container from " + IMAGE);
        assertThat(containersOf(IMAGE)).as("containers left").isEqualTo(before);
    }

    @Test
    void anImageThatIsNotLocalIsNeverPulled() {
        Map<String, String> env = Map.of(DockerEngine.NO_REAPER, "true",
                RedisProvisioner.IMAGE_VARIABLE, "labkit-test/redis:absent", "PATH", "");
        assertThatThrownBy(() -> LabServices.provide(REDIS, ServiceChoice.CONTAINER, env, line -> { }))
                .isInstanceOf(LabException.class)
                .hasMessage("--services container cannot serve redis: labkit-test/redis:absent is not a local image"
                        + " (the runner never pulls one): docker pull labkit-test/redis:absent, or set"
                        + " LABKIT_REDIS_IMAGE; or use --services auto");
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.AUTO, env, line -> { })) {
            assertThat(services.served().get(0).provider()).isEqualTo("embedded");
        }
    }
}
