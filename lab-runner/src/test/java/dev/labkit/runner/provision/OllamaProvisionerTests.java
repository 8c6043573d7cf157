package dev.labkit.runner.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.LabException;
import dev.labkit.runner.modelserver.LabModelServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Provisioning a real Ollama. The Ollama here is a lab model (mock of a real one: none can run
 * here), which answers /api/tags and /api/pull as Ollama does.
 */
class OllamaProvisionerTests {

    private final ModelTraffic traffic = new ModelTraffic();
    private final LabModelServer ollama = start();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final OllamaProvisioner provisioner = new OllamaProvisioner(progress::add);

    private LabModelServer start() {
        try {
            return LabModelServer.start(new LabModelServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0), new ModelScript(), traffic, Set.of("qwen2.5:0.5b"), Set.of()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void parsesTheModelsOption() {
        assertThat(ModelProvider.parse("embedded")).isEqualTo(new ModelProvider.Embedded());
        assertThat(ModelProvider.parse("AUTO")).isEqualTo(new ModelProvider.Auto());
        assertThat(ModelProvider.parse("url=http://127.0.0.1:11500/"))
                .isEqualTo(new ModelProvider.OllamaUrl(URI.create("http://127.0.0.1:11500")));
        assertThat(ModelProvider.ollamaUrl("gpu-box")).isEqualTo(URI.create("http://gpu-box:11434"));
        assertThatThrownBy(() -> ModelProvider.parse("docker")).isInstanceOf(LabException.class)
                .hasMessage("--models must be auto, embedded, container or url=URL (e.g. url=http://127.0.0.1:11434), "
                        + "not 'docker'");
        assertThat(ModelProvider.parse("container")).isEqualTo(new ModelProvider.Container());
    }

    @Test
    void aUrlProviderPullsTheModelsItLacksWithProgress() {
        LiveModel live = provisioner.provide(new ModelProvider.OllamaUrl(ollama.baseUrl()),
                List.of("qwen2.5:0.5b", "llama3.2:1b"), Map.of());

        assertThat(live.upstream()).hasValue(ollama.baseUrl());
        assertThat(live.unavailable()).isEmpty();
        assertThat(progress).first().isEqualTo("llama3.2:1b  pulling manifest");
        assertThat(progress).anySatisfy(p -> assertThat(p).matches("llama3\\.2:1b  100%  1321\\.1/1321\\.1 MB  [0-9.]+ MB/s"));
        assertThat(progress).allSatisfy(p -> assertThat(p).startsWith("llama3.2:1b"));
        assertThat(progress.get(progress.size() - 1)).isEqualTo("llama3.2:1b  success");
    }

    @Test
    void autoUsesARealOllamaButNeverALabModelAndSaysWhyNot() throws IOException {
        LiveModel nobody = provisioner.provide(new ModelProvider.Auto(), List.of("qwen2.5:0.5b"),
                Map.of("OLLAMA_HOST", closedPort().getAuthority()));
        LiveModel labModel = provisioner.provide(new ModelProvider.Auto(), List.of("qwen2.5:0.5b"),
                Map.of("OLLAMA_HOST", ollama.baseUrl().toString()));

        assertThat(nobody.upstream()).isEmpty();
        assertThat(nobody.unavailable().orElseThrow()).startsWith("no real model is available (no Ollama answers at");
        assertThat(labModel.upstream()).isEmpty();
        assertThat(labModel.unavailable().orElseThrow()).contains("is a LabKit lab model, not a real one");
    }

    @Test
    void containersNeedTheReaperOffBecauseTheRunnerStopsThemItself() {
        assertThatThrownBy(() -> provisioner.provide(new ModelProvider.Container(), List.of("m"), Map.of()))
                .isInstanceOf(LabException.class)
                .hasMessage("set TESTCONTAINERS_RYUK_DISABLED=true to run models in containers (the ./lab launcher "
                        + "does): the runner stops its containers itself");
    }

    @Test
    void anUnreachableUrlIsAOneLineErrorWithTheNextStep() throws IOException {
        URI closed = closedPort();

        assertThatThrownBy(() -> provisioner.provide(new ModelProvider.OllamaUrl(closed), List.of("m"), Map.of()))
                .isInstanceOf(LabException.class)
                .hasMessage("no Ollama answers at " + closed + ": start it (`ollama serve`), or run with --models embedded");
    }
}
