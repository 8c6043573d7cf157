package dev.labkit.runner.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.time.Clock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Lab 05's reference solution scores full marks with the runner's embedded Redis (jedis-mock), as on a machine with
 * neither Docker nor redis-server ({@code lab validate} grades it with the Redis this machine has: a process in CI).
 */
class ProductionLabEmbeddedRedisTests {

    @Test
    void theReferenceSolutionScoresFullMarksWithTheEmbeddedRedis() {
        LabManifest lab = Catalog.readLab(TestLabs.home().resolve("labs/05-production"));

        GradeResult result = new Grader(GradingListener.NONE, Clock.systemUTC()).grade(new GradeRequest(lab,
                lab.dir().resolve("solution"), new ModelProvider.Embedded(), SandboxMode.PROCESS,
                ServiceChoice.EMBEDDED));
        LabModelServer.awaitEmbeddingModelLoad();

        String failed = result.checks().stream().filter(c -> c.status() != CheckStatus.PASSED)
                .map(c -> c.id() + ": " + c.message()).collect(Collectors.joining("\n"));
        assertThat(result.services()).extracting(GradeResult.Service::provider).containsExactly("embedded");
        assertThat(result.score()).as("failed checks:\n%s\nreason: %s\nlog:\n%s", failed, result.reason(),
                result.appLog()).isEqualTo(result.maxScore()).isEqualTo(100);
    }
}
