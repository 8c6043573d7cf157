package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A grading run to interrupt, in a JVM of its own ({@link ServiceInterruptTests}): grades apps/redis-probe with
 * its Redis as a local redis-server process, and its one check writes the Redis URL to the file named by {@value
 * #MARKER} and then waits, until the JVM is stopped like Ctrl-C.
 */
public final class ServiceInterruptFixture {

    /** The system property naming the file the check writes the Redis URL to. */
    static final String MARKER = "labkit.test.marker";

    private ServiceInterruptFixture() {}

    public static void main(String[] args) {
        LabManifest lab = new LabManifest("95-interrupt-sample", "Interrupt sample", 5, "", Waits.class.getName(),
                Map.of("chat", "tiny-model"), Map.of(),
                new Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofMinutes(4)),
                Path.of(args[0])).withServices(List.of(new ServiceSpec("redis", Optional.empty())));
        new Grader(GradingListener.NONE, Clock.systemUTC(), System.getenv()).grade(new GradeRequest(lab,
                TestLabs.app("redis-probe"), new ModelProvider.Embedded(), SandboxMode.PROCESS, ServiceChoice.PROCESS));
    }

    /** The suite: one check that says where Redis is, then waits to be interrupted. */
    @LabChecks
    public static class Waits {

        @Check(id = "interrupt.wait", title = "Waits to be interrupted", points = 1)
        void waitForIt(LabEnvironment lab) throws Exception {
            Files.writeString(Path.of(System.getProperty(MARKER)), lab.services().get("redis").url().toString());
            Thread.sleep(110_000);
        }
    }
}
