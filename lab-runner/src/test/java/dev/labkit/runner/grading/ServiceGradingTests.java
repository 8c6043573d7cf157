package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.report.ConsoleReport;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.Visibility;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab with {@code services: {redis: {}}} graded for real (apps/redis-probe, {@link ServiceSampleChecks}): the app
 * gets LAB_REDIS_URL and reaches it, checks stop and start the service, the result says what served it, and
 * nothing of it is left once grading ends.
 */
class ServiceGradingTests {

    @TempDir
    Path labDir;

    private LabManifest serviceLab() {
        return new LabManifest("96-service-sample", "Service sample", 5, "", ServiceSampleChecks.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMinutes(3)),
                labDir).withServices(List.of(new ServiceSpec("redis", Optional.empty())));
    }

    private GradeResult grade(ServiceChoice choice, List<String> phases) {
        GradingListener listener = new GradingListener() {
            @Override
            public void phaseStarted(String phase, String description) {
                phases.add("start " + phase);
            }

            @Override
            public void progress(String phase, String detail) {
                phases.add(phase + ": " + detail);
            }
        };
        return new Grader(listener, Clock.systemUTC(), Map.of("PATH", System.getenv().getOrDefault("PATH", "")))
                .grade(new GradeRequest(serviceLab(), TestLabs.app("redis-probe"), new ModelProvider.Embedded(),
                        SandboxMode.PROCESS, choice));
    }

    @Test
    void theAppReachesTheEmbeddedRedisAtLabRedisUrlAndTheResultSaysSo() throws IOException {
        List<String> phases = new CopyOnWriteArrayList<>();
        GradeResult result = grade(ServiceChoice.EMBEDDED, phases);

        assertThat(result.checks()).allSatisfy(check -> assertThat(check.status()).as(check.id() + ": "
                + check.message()).isEqualTo(CheckStatus.PASSED));
        assertThat(result.services()).hasSize(1);
        GradeResult.Service redis = result.services().get(0);
        assertThat(redis.name()).isEqualTo("redis");
        assertThat(redis.provider()).isEqualTo("embedded");
        assertThat(redis.url()).matches("redis://127\\.0\\.0\\.1:\\d+");
        assertThat(phases.indexOf("start services")).as("services before the app starts")
                .isBetween(phases.indexOf("start build") + 1, phases.indexOf("start start") - 1);
        assertThat(refused(URI.create(redis.url()))).as("the embedded Redis is stopped after grading").isTrue();

        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(result, json);
        JsonNode services = new ObjectMapper().readTree(json.toString()).path("services");
        assertThat(services.isArray()).isTrue();
        assertThat(services).hasSize(1);
        assertThat(services.get(0).path("name").asText()).isEqualTo("redis");
        assertThat(services.get(0).path("provider").asText()).isEqualTo("embedded");
        assertThat(services.get(0).path("url").asText()).isEqualTo(redis.url());

        StringWriter xml = new StringWriter();
        new dev.labkit.runner.report.JunitXmlReport(Visibility.LEARNER).write(result, xml);
        assertThat(xml.toString()).contains("<property name=\"service\" value=\"redis (embedded) " + redis.url() + "\"");

        StringWriter console = new StringWriter();
        new ConsoleReport(Visibility.LEARNER, false).write(result, console);
        assertThat(console.toString()).contains("Services: redis (embedded) at " + redis.url());
    }

    @Test
    void withTheLocalRedisServerNoProcessOfItIsLeftAfterGrading() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv().getOrDefault("PATH", "").contains("/usr/bin")
                && Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
        List<String> phases = new CopyOnWriteArrayList<>();
        GradeResult result = grade(ServiceChoice.PROCESS, phases);

        assertThat(result.checks()).allSatisfy(check -> assertThat(check.status()).as(check.id() + ": "
                + check.message()).isEqualTo(CheckStatus.PASSED));
        GradeResult.Service redis = result.services().get(0);
        assertThat(redis.provider()).isEqualTo("process");
        assertThat(result.cleanup().leftovers()).as("redis-server is the runner's, not a leftover of the app").isEmpty();
        assertThat(ServiceInterruptTests.redisServers(ProcessHandle.current())).as("redis-server processes left")
                .isEmpty();
        assertThat(refused(URI.create(redis.url()))).isTrue();
    }

    @Test
    void aLabWithoutServicesHasNoServicesInItsJson() throws IOException {
        GradeResult result = new GradeResult("01-chatbot", "x", 0, 0, GradeStatus.PASSED, "", java.time.Instant.EPOCH,
                0, new GradeResult.ModelInfo("embedded", Map.of()), "process", List.of(), "",
                GradeResult.Timings.NONE);
        StringWriter json = new StringWriter();
        new JsonReport(Visibility.LEARNER).write(result, json);
        assertThat(new ObjectMapper().readTree(json.toString()).has("services")).isFalse();
    }

    private static boolean refused(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(url.getHost()), url.getPort()), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
