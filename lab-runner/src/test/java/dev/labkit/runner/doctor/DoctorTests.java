package dev.labkit.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.modelserver.LabModelServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor on this machine, for real: Java and Maven run here; Docker, a GPU and Ollama may not. */
class DoctorTests {

    @TempDir
    Path scratch;

    private static Finding about(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).findFirst().orElseThrow();
    }

    @Test
    void findsTheJavaAndMavenThatRunThisBuildAndLooksAtEverythingElse() {
        List<Finding> findings = new Doctor(Map.of(), scratch).examine();

        assertThat(findings).extracting(Finding::subject).containsExactly("Java", "Maven", "Docker", "Model images",
                "Sandbox image", "Build image", "Processes", "GPU", "Ollama", "Speech", "Services", "Browser", "Disk");
        assertThat(about(findings, "Java").level()).isEqualTo(Finding.Level.OK);
        assertThat(about(findings, "Maven").detail()).matches("Maven 3\\.[0-9.]+");
        assertThat(findings).filteredOn(f -> f.level() != Finding.Level.OK)
                .allSatisfy(f -> assertThat(f.fix()).as(f.subject()).isNotBlank());
    }

    /** The Services line: which provider auto would use for Redis here, and why not those before it. */
    @Test
    void saysWhichProviderWouldServeRedisAndWhyNotTheOthers() throws Exception {
        Finding nothing = about(new Doctor(Map.of("PATH", ""), scratch).examine(), "Services");
        assertThat(nothing.level()).isEqualTo(Finding.Level.WARN);
        assertThat(nothing.detail()).startsWith("redis: embedded (jedis-mock in the runner); not url: no URL given")
                .contains("; not container: TESTCONTAINERS_RYUK_DISABLED is not true")
                .contains("; not process: redis-server is not on the PATH (apt-get install redis-server)");
        assertThat(nothing.fix()).contains("apt-get install redis-server", "docker/redis-base.sh");

        com.github.fppt.jedismock.RedisServer theirs = com.github.fppt.jedismock.RedisServer
                .newRedisServer(0, InetAddress.getLoopbackAddress()).start();
        String url = "redis://127.0.0.1:" + theirs.getBindPort();
        try {
            Finding given = about(new Doctor(Map.of("LABKIT_REDIS_URL", url), scratch).examine(), "Services");
            assertThat(given.level()).isEqualTo(Finding.Level.OK);
            assertThat(given.detail()).isEqualTo("redis: url (" + url + ")");
        } finally {
            theirs.stop();
        }
        Finding gone = about(new Doctor(Map.of("LABKIT_REDIS_URL", url), scratch).examine(), "Services");
        assertThat(gone.level()).isEqualTo(Finding.Level.WARN);
        assertThat(gone.detail()).startsWith("redis: url: no Redis answers PING at redis://127.0.0.1:")
                .endsWith("(LABKIT_REDIS_URL): lab check would stop there");
        assertThat(gone.fix()).isEqualTo("start it, or unset LABKIT_REDIS_URL to let lab check start one");
    }

    /** Where a Docker engine answers (CI): the offline JRE image is local there, a made-up one is not. */
    @Test
    void saysWhetherTheSandboxImageIsLocalAndWhatToRunIfNot() {
        Finding docker = about(new Doctor(Map.of(), scratch).examine(), "Docker");
        assumeTrue(docker.level() == Finding.Level.OK, "no Docker engine: " + docker.detail());

        Finding missing = about(new Doctor(Map.of("LABKIT_JRE_IMAGE", "labkit/no-such-jre:0"), scratch).examine(),
                "Sandbox image");
        assertThat(missing.level()).isEqualTo(Finding.Level.WARN);
        assertThat(missing.detail()).isEqualTo("labkit/no-such-jre:0 is not local");
        assertThat(missing.fix()).contains("docker/jre-base.sh", "LABKIT_JRE_IMAGE=labkit/jre-base:17");
        assumeTrue(DockerEngine.imageExists("labkit/jre-base:17"), "labkit/jre-base:17 not built");
        Finding local = about(new Doctor(Map.of("LABKIT_JRE_IMAGE", "labkit/jre-base:17"), scratch).examine(),
                "Sandbox image");
        assertThat(local.level()).isEqualTo(Finding.Level.OK);
    }

    /** Where a Docker engine answers (CI): the build image is made there, a made-up one is not local. */
    @Test
    void saysWhetherTheBuildImageIsLocalAndHowToMakeIt() {
        Finding docker = about(new Doctor(Map.of(), scratch).examine(), "Docker");
        assumeTrue(docker.level() == Finding.Level.OK, "no Docker engine: " + docker.detail());

        Finding missing = about(new Doctor(Map.of("LABKIT_BUILD_IMAGE", "labkit/no-such-build:0"), scratch).examine(),
                "Build image");
        assertThat(missing.level()).isEqualTo(Finding.Level.WARN);
        assertThat(missing.detail()).isEqualTo("labkit/no-such-build:0 is not local");
        assertThat(missing.fix()).contains("docker/build-base.sh");
        assumeTrue(DockerEngine.imageExists("labkit/build-base:17"), "labkit/build-base:17 not built");
        assertThat(about(new Doctor(Map.of(), scratch).examine(), "Build image").level()).isEqualTo(Finding.Level.OK);
    }

    /** Root here (CI): a PID namespace holds each command. */
    @Test
    void saysHowProcessesAreHeld() {
        Finding processes = about(new Doctor(Map.of(), scratch).examine(), "Processes");

        assertThat(processes.detail()).matches("(pid-namespace|cgroup|session|process-tree).*: each command .*");
        assertThat(processes.level() == Finding.Level.OK).isEqualTo(processes.fix().isEmpty());
    }

    @Test
    void saysWhenNoOllamaAnswersAndNeverTakesALabModelForOne() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Finding none = about(new Doctor(Map.of("OLLAMA_HOST", "127.0.0.1:" + closed), scratch).examine(), "Ollama");
        assertThat(none.level()).isEqualTo(Finding.Level.WARN);
        assertThat(none.detail()).isEqualTo("none answers at http://127.0.0.1:" + closed);
        assertThat(none.fix()).contains("ollama serve");

        try (LabModelServer lab = LabModelServer.start(new LabModelServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(), new ModelTraffic(),
                Set.of("qwen2.5:0.5b"), Set.of()))) {
            Finding labModel = about(new Doctor(Map.of("OLLAMA_HOST", lab.baseUrl().toString()), scratch).examine(),
                    "Ollama");
            assertThat(labModel.level()).isEqualTo(Finding.Level.WARN);
            assertThat(labModel.detail()).endsWith("is a LabKit lab model (lab model serve), not a real model");
        }
    }

    /** LABKIT_SPEECH_URL: a server that answers (a lab model, which serves /v1/models) and one that does not. */
    @Test
    void saysWhetherTheSpeechServerOfLabkitSpeechUrlAnswers() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Finding none = about(new Doctor(Map.of("LABKIT_SPEECH_URL", "127.0.0.1:" + closed), scratch).examine(),
                "Speech");
        assertThat(none.level()).isEqualTo(Finding.Level.WARN);
        assertThat(none.detail()).isEqualTo("no speech server answers at http://127.0.0.1:" + closed
                + "/v1 (LABKIT_SPEECH_URL)");
        assertThat(none.fix()).contains("unset LABKIT_SPEECH_URL");

        try (LabModelServer lab = LabModelServer.start(new LabModelServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(), new ModelTraffic(),
                Set.of("qwen2.5:0.5b"), Set.of()))) {
            Finding answers = about(new Doctor(Map.of("LABKIT_SPEECH_URL", lab.baseUrl().toString()), scratch)
                    .examine(), "Speech");
            assertThat(answers.level()).isEqualTo(Finding.Level.OK);
            assertThat(answers.detail()).startsWith(lab.baseUrl() + "/v1 answers (LABKIT_SPEECH_URL); models: ")
                    .contains("qwen2.5:0.5b");
        }
        Finding bad = about(new Doctor(Map.of("LABKIT_SPEECH_URL", "ftp://x"), scratch).examine(), "Speech");
        assertThat(bad.level()).isEqualTo(Finding.Level.WARN);
        assertThat(bad.detail()).startsWith("'ftp://x' is not a speech server address");
    }

    /** Without LABKIT_SPEECH_URL: the speech image in Docker, or why there is no speech server. */
    @Test
    void saysWhichSpeechServerInDockerWouldServe() {
        List<Finding> findings = new Doctor(Map.of("LABKIT_SPEECH_IMAGE", "labkit/no-such-speech:0"), scratch).examine();
        Finding speech = about(findings, "Speech");
        if (about(findings, "Docker").level() != Finding.Level.OK) {
            assertThat(speech.level()).isEqualTo(Finding.Level.WARN);
            assertThat(speech.detail()).contains("LABKIT_SPEECH_URL is not set and no Docker engine the runner can use");
            return;
        }
        assertThat(speech.detail()).startsWith("in Docker from labkit/no-such-speech:0 (not local); ");
        assertThat(speech.level() == Finding.Level.OK).isEqualTo(speech.fix().isEmpty());
    }
}
