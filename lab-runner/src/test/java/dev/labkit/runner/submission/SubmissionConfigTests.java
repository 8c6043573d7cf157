package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionConfigTests {

    @TempDir
    Path app;

    @TempDir
    Path workspace;

    private LocalHost host;

    @BeforeEach
    void host() {
        host = new LocalHost(workspace, new Leftovers());
    }

    @Test
    void withoutSubmissionYamlAMavenProjectIsBuiltWithMaven() throws IOException {
        Files.writeString(app.resolve("pom.xml"), "<project/>");

        SubmissionConfig config = SubmissionConfig.read(app);

        assertThat(config).isEqualTo(SubmissionConfig.DEFAULT);
        assertThat(Builder.command(app, config, host)).containsExactly("mvn", "-B", "-q", "-DskipTests", "package");
    }

    @Test
    void theProjectsOwnMavenWrapperIsPreferred() throws IOException {
        Files.writeString(app.resolve("pom.xml"), "<project/>");
        Path wrapper = Files.writeString(app.resolve("mvnw"), "#!/bin/sh\n");
        wrapper.toFile().setExecutable(true);

        assertThat(Builder.command(app, SubmissionConfig.DEFAULT, host).get(0)).isEqualTo(wrapper.toString());
    }

    @Test
    void submissionYamlCommandsRunWithShInTheCopy() throws IOException {
        Files.writeString(app.resolve("submission.yaml"), "build: npm ci\nstart: node server.js\n");

        SubmissionConfig config = SubmissionConfig.read(app);

        assertThat(Builder.command(app, config, host)).isEqualTo(List.of("sh", "-c", "npm ci"));
        assertThat(AppLaunch.command(app, config, "java")).contains(List.of("sh", "-c", "node server.js"));
    }

    @Test
    void aJibLabsMavenBuildGetsTheBaseImageAndAPomlessOneNothing() throws IOException {
        Optional<String> base = Optional.of("tar:///cache/jre-base-abc.tar");
        assertThat(Builder.command(app, SubmissionConfig.DEFAULT, host, base)).as("no pom.xml: nothing to build").isEmpty();
        Files.writeString(app.resolve("pom.xml"), "<project/>");
        assertThat(Builder.command(app, SubmissionConfig.DEFAULT, host, Optional.empty()))
                .containsExactly("mvn", "-B", "-q", "-DskipTests", "package");

        assertThat(Builder.command(app, SubmissionConfig.DEFAULT, host, base)).containsExactly("mvn",
                "-Djib.from.image=tar:///cache/jre-base-abc.tar", "-Djib.disableUpdateChecks=true", "-B", "-q",
                "-DskipTests", "package");
    }

    @Test
    void aBadSubmissionYamlIsOneClearLine() throws IOException {
        Files.writeString(app.resolve("submission.yaml"), "run: npm start\n");

        assertThatThrownBy(() -> SubmissionConfig.read(app))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("unknown field 'run' (it may set build and start)");
    }

    @Test
    void withNothingToBuildAndNoStartCommandTheBuildFails() {
        Outcome outcome = Builder.build(app, SubmissionConfig.DEFAULT, java.time.Duration.ofSeconds(5), java.util.Map.of(), host);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.reason()).isEqualTo("nothing to build or start: no pom.xml, and no submission.yaml with a "
                + "start: command (and a build: command if the app needs one; see docs/languages.md)");
    }

    @Test
    void aMavenBuildRunsInAJvmForShortBuildsUnlessMavenOptsIsSet() throws IOException {
        // The project's own Maven wrapper, which the builder prefers: it prints the options Maven's JVM would get.
        Files.writeString(app.resolve("pom.xml"), "<project/>\n");
        Path wrapper = app.resolve("mvnw");
        Files.writeString(wrapper, "#!/bin/sh\necho \"MAVEN_OPTS=[$MAVEN_OPTS]\"\n");
        wrapper.toFile().setExecutable(true);

        Outcome outcome = Builder.build(app, SubmissionConfig.DEFAULT, java.time.Duration.ofSeconds(20),
                java.util.Map.of(), host);
        Outcome given = Builder.build(app, SubmissionConfig.DEFAULT, java.time.Duration.ofSeconds(20),
                java.util.Map.of("MAVEN_OPTS", "-Xmx300m"), host);

        assertThat(outcome.ok()).as(outcome.log()).isTrue();
        String expected = System.getenv("MAVEN_OPTS") == null ? "-XX:TieredStopAtLevel=1" : System.getenv("MAVEN_OPTS");
        assertThat(outcome.log()).contains("MAVEN_OPTS=[" + expected + "]");
        assertThat(given.log()).contains("MAVEN_OPTS=[-Xmx300m]");
    }

    @Test
    void aBuildThatTakesTooLongIsStoppedAtItsLimit() throws IOException {
        Files.writeString(app.resolve("submission.yaml"), "build: echo compiling; sleep 30\nstart: true\n");
        long started = System.nanoTime();

        Outcome outcome = Builder.build(app, SubmissionConfig.read(app), java.time.Duration.ofMillis(500), java.util.Map.of(), host);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.reason()).isEqualTo("the build did not finish within 500 ms (limits.build)");
        assertThat(outcome.log()).contains("compiling");
        assertThat(System.nanoTime() - started).isLessThan(java.time.Duration.ofSeconds(20).toNanos());
    }

    @Test
    void aFailingBuildReportsItsExitCodeAndLog() throws IOException {
        Files.writeString(app.resolve("submission.yaml"), "build: \"echo 'error: cannot find symbol'; exit 4\"\nstart: true\n");

        Outcome outcome = Builder.build(app, SubmissionConfig.read(app), java.time.Duration.ofSeconds(20), java.util.Map.of(), host);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.reason()).contains("exited with 4");
        assertThat(outcome.log()).contains("error: cannot find symbol");
    }
}
