package dev.labkit.runner.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.fppt.jedismock.RedisServer;
import dev.labkit.checks.sdk.LabService;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.ServiceSpec;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Each provider of a lab's Redis for real: started, answering, stopped and started again, and gone once closed. */
class LabServicesTests {

    private static final List<ServiceSpec> REDIS = List.of(new ServiceSpec("redis", Optional.empty()));

    /** The machine's PATH, with no Docker settings: auto cannot use a container here. */
    private static Map<String, String> environment() {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", ""));
    }

    private final List<String> progress = new CopyOnWriteArrayList<>();

    @Test
    void theEmbeddedRedisAnswersKeepsDataAndComesBackOnTheSamePortAfterAStop() {
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.EMBEDDED, environment(), progress::add)) {
            LabService redis = services.byName().get("redis");
            assertThat(redis.provider()).isEqualTo("embedded");
            assertThat(redis.url().toString()).matches("redis://127\\.0\\.0\\.1:\\d+");
            assertThat(services.environment()).containsExactly(Map.entry("LAB_REDIS_URL", redis.url().toString()));
            assertThat(services.served()).containsExactly(new LabServices.Served("redis", "embedded",
                    redis.url().toString()));
            assertThat(services.loopbackPorts()).containsExactly(redis.url().getPort());
            assertThat(services.beyondLoopback()).isEmpty();
            try (Jedis jedis = new Jedis(redis.url())) {
                jedis.set("session:1", "hello");
                assertThat(jedis.get("session:1")).isEqualTo("hello");
            }

            stopsAndStartsAgain(redis);
        }
        assertThat(progress).anyMatch(line -> line.contains("embedded") && line.contains("answers PING"));
    }

    @Test
    void aLocalRedisServerProcessServesAndLeavesNoProcessBehind() {
        assumeTrue(ProcessRedis.find(environment().get("PATH")).isPresent(),
                "redis-server is not on the PATH (apt-get install redis-server)");
        long pid;
        URI url;
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.PROCESS, environment(), progress::add)) {
            LabService redis = services.byName().get("redis");
            assertThat(redis.provider()).isEqualTo("process");
            url = redis.url();
            pid = ((ProcessRedis) ((RunningService) redis).server()).pid().orElseThrow();
            try (Jedis jedis = new Jedis(url)) {
                assertThat(jedis.info("server")).contains("redis_version:");
                assertThat(jedis.configGet("save")).containsEntry("save", "");
                assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "no");
            }
            stopsAndStartsAgain(redis);
            long restarted = ((ProcessRedis) ((RunningService) redis).server()).pid().orElseThrow();
            assertThat(restarted).as("a new process after a stop").isNotEqualTo(pid);
            pid = restarted;
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("redis-server still running")
                .isFalse();
        assertThat(RedisPing.problem(url)).isPresent();
    }

    @Test
    void autoWithoutDockerTakesTheLocalProcessWhenThereIsOneElseTheEmbeddedServer() {
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.AUTO, environment(), progress::add)) {
            String expected = ProcessRedis.find(environment().get("PATH")).isPresent() ? "process" : "embedded";
            assertThat(services.served().get(0).provider()).isEqualTo(expected);
        }
        try (LabServices services = LabServices.provide(REDIS, ServiceChoice.AUTO, Map.of("PATH", ""), progress::add)) {
            assertThat(services.served().get(0).provider()).isEqualTo("embedded");
        }
    }

    @Test
    void aGivenUrlIsUsedAsItIsCheckedWithPingAndNeverStopped() throws Exception {
        RedisServer theirs = RedisServer.newRedisServer(0, InetAddress.getLoopbackAddress()).start();
        try {
            URI url = URI.create("redis://127.0.0.1:" + theirs.getBindPort());
            Map<String, String> env = Map.of(RedisProvisioner.URL_VARIABLE, url.toString(), "PATH", "");
            try (LabServices services = LabServices.provide(REDIS, ServiceChoice.AUTO, env, progress::add)) {
                LabService redis = services.byName().get("redis");
                assertThat(redis.provider()).isEqualTo("url");
                assertThat(redis.url()).isEqualTo(url);
                assertThat(redis.stoppable()).isFalse();
                assertThatThrownBy(redis::stop).isInstanceOf(UnsupportedOperationException.class);
                redis.start(); // runs: nothing to do
            }
            assertThat(RedisPing.problem(url)).as("the user's Redis still answers after the run").isEmpty();
        } finally {
            theirs.stop();
        }
    }

    @Test
    void aGivenUrlWhereNoRedisAnswersIsOneLineSayingWhatToDo() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = Map.of(RedisProvisioner.URL_VARIABLE, "redis://127.0.0.1:" + port);
        assertThatThrownBy(() -> LabServices.provide(REDIS, ServiceChoice.AUTO, env, progress::add))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("no Redis answers PING at redis://127.0.0.1:" + port)
                .hasMessageContaining("start it, or leave out --service redis=URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> RedisProvisioner.url("http://127.0.0.1:6379"))
                .isInstanceOf(LabException.class).hasMessageContaining("write redis://host:port");
    }

    @Test
    void aForcedProviderThatCannotServeSaysWhyAndWhatToDo() {
        assertThatThrownBy(() -> LabServices.provide(REDIS, ServiceChoice.PROCESS, Map.of("PATH", ""), progress::add))
                .isInstanceOf(LabException.class)
                .hasMessage("--services process cannot serve redis: redis-server is not on the PATH"
                        + " (apt-get install redis-server); or use --services auto");
        assertThatThrownBy(() -> LabServices.provide(REDIS, ServiceChoice.CONTAINER, Map.of("PATH", ""), progress::add))
                .isInstanceOf(LabException.class)
                .hasMessage("--services container cannot serve redis: TESTCONTAINERS_RYUK_DISABLED is not true"
                        + " (the ./lab launcher sets it); or use --services auto");
        assertThatThrownBy(() -> ServiceChoice.parse("cloud")).isInstanceOf(LabException.class)
                .hasMessage("--services cloud: expected auto, container, process or embedded");
    }

    @Test
    void doctorOptionsSayWhyEachProviderCannotServe() {
        List<RedisProvisioner.Option> options = new RedisProvisioner(Map.of("PATH", ""), line -> { })
                .options(REDIS.get(0));
        assertThat(options).extracting(RedisProvisioner.Option::provider)
                .containsExactly("url", "container", "process", "embedded");
        assertThat(options.get(0).unavailable()).hasValueSatisfying(why -> assertThat(why).startsWith("no URL given"));
        assertThat(options.get(1).detail()).isEqualTo("redis:7.4-alpine");
        assertThat(options.get(2).unavailable()).hasValue("redis-server is not on the PATH (apt-get install redis-server)");
        assertThat(options.get(3).unavailable()).isEmpty();
        assertThat(new RedisProvisioner(Map.of(RedisProvisioner.IMAGE_VARIABLE, "mine/redis:1"), line -> { })
                .image(new ServiceSpec("redis", Optional.of("lab/redis:2")))).isEqualTo("mine/redis:1");
        assertThat(new RedisProvisioner(Map.of(), line -> { }).image(new ServiceSpec("redis", Optional.of("lab/redis:2"))))
                .isEqualTo("lab/redis:2");
    }

    /** Down after stop (refused), back at the same URL after start, start again a no-op. */
    static void stopsAndStartsAgain(LabService redis) {
        URI url = redis.url();
        assertThat(redis.stoppable()).isTrue();
        redis.stop();
        assertThat(RedisPing.problem(url)).as("PING after stop").isPresent();
        redis.start();
        assertThat(redis.url()).isEqualTo(url);
        assertThat(RedisPing.problem(url)).as("PING after start").isEmpty();
        redis.start();
        assertThat(RedisPing.problem(url)).isEmpty();
    }
}
