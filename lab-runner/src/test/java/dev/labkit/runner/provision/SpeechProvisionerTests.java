package dev.labkit.runner.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.LabException;
import dev.labkit.runner.modelserver.LabModelServer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Provisioning a real speech server. The speech server here is a lab model (a mock of a real one: none
 * can run here), which lists its models at {@code GET /v1/models} as speaches does; it has no download
 * endpoint, so a download it is asked for fails, as one speaches cannot find does.
 */
class SpeechProvisionerTests {

    private final LabModelServer server = start();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final SpeechProvisioner provisioner = new SpeechProvisioner(progress::add);

    private static LabModelServer start() {
        try {
            return LabModelServer.start(new LabModelServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0), new ModelScript(), new ModelTraffic(), Set.of("test/whisper:1", "test/kokoro:1"), Set.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI v1() {
        return URI.create(server.baseUrl() + "/v1");
    }

    @Test
    void readsASpeechServerAddressAsItsV1BaseUrl() {
        assertThat(SpeechProvisioner.v1("127.0.0.1:8000")).isEqualTo(URI.create("http://127.0.0.1:8000/v1"));
        assertThat(SpeechProvisioner.v1(" http://speech:8000/ ")).isEqualTo(URI.create("http://speech:8000/v1"));
        assertThat(SpeechProvisioner.v1("https://speech.example/v1/")).isEqualTo(URI.create("https://speech.example/v1"));
        assertThatThrownBy(() -> SpeechProvisioner.v1("ftp://speech")).isInstanceOf(LabException.class)
                .hasMessage("'ftp://speech' is not a speech server address: write http://host:port (e.g."
                        + " http://127.0.0.1:8000), as LABKIT_SPEECH_URL or --speech-url");
    }

    @Test
    void aSpeechServerAtLabkitSpeechUrlIsUsedWhenItHasTheModels() {
        LiveSpeech speech = provisioner.provide(new ModelProvider.Auto(), List.of("test/whisper:1", "test/kokoro:1"),
                Map.of("LABKIT_SPEECH_URL", server.baseUrl().toString()));

        assertThat(speech.upstream()).hasValue(v1());
        assertThat(speech.provider()).isEqualTo("speech-url");
        assertThat(speech.unavailable()).isEmpty();
        assertThat(speech.voice()).isEqualTo("af_heart");
        assertThat(progress).as("nothing to download").isEmpty();
        assertThat(SpeechProvisioner.voice(Map.of("LABKIT_SPEECH_VOICE", " bm_george "))).isEqualTo("bm_george");
    }

    @Test
    void aModelTheServerCannotDownloadIsAOneLineErrorThatSaysWhatToDo() {
        assertThatThrownBy(() -> provisioner.provide(new ModelProvider.Container(), List.of("test/whisper:1",
                "test/missing"), Map.of("LABKIT_SPEECH_URL", v1().toString())))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("downloading the speech model test/missing at " + v1() + " failed with status 404: ")
                .hasMessageEndingWith("; download it yourself (curl -X POST " + v1() + "/models/test/missing) or run"
                        + " with --models embedded")
                .hasMessageNotContaining("\n");
        assertThat(progress).containsExactly("test/missing  downloading");
        assertThatThrownBy(() -> provisioner.provide(new ModelProvider.Container(), List.of("../etc"),
                Map.of("LABKIT_SPEECH_URL", v1().toString())))
                .hasMessage("'../etc' is not a speech model id: write it as Hugging Face names it (e.g."
                        + " Systran/faster-whisper-small) in lab.yaml");
    }

    @Test
    void noServerAtLabkitSpeechUrlIsAOneLineError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> provisioner.provide(new ModelProvider.Auto(), List.of("test/whisper:1"),
                Map.of("LABKIT_SPEECH_URL", "127.0.0.1:" + closed)))
                .isInstanceOf(LabException.class)
                .hasMessage("no speech server answers at http://127.0.0.1:" + closed + "/v1: start it, or unset"
                        + " LABKIT_SPEECH_URL (live speech checks are then skipped)");
    }

    @Test
    void withoutAServerSaysWhyInOneLine() {
        LiveSpeech embedded = provisioner.provide(new ModelProvider.Embedded(), List.of("test/whisper:1"),
                Map.of("LABKIT_SPEECH_URL", server.baseUrl().toString()));
        assertThat(embedded.upstream()).isEmpty();
        assertThat(embedded.voice()).isEqualTo("alloy");
        assertThat(embedded.unavailable()).hasValue(
                "no real speech server: this run uses the lab model's own speech (--models embedded)");

        LiveSpeech ollamaOnly = provisioner.provide(new ModelProvider.OllamaUrl(URI.create("http://127.0.0.1:1")),
                List.of("test/whisper:1"), Map.of());
        assertThat(ollamaOnly.provider()).isEqualTo("embedded");
        assertThat(ollamaOnly.unavailable().orElseThrow()).contains("set LABKIT_SPEECH_URL or --speech-url");

        // Auto looks at Docker only when the runner may use it, and never pulls an image.
        LiveSpeech auto = provisioner.provide(new ModelProvider.Auto(), List.of("test/whisper:1"),
                Map.of("LABKIT_SPEECH_IMAGE", "labkit/no-such-speech:0"));
        assertThat(auto.upstream()).isEmpty();
        assertThat(auto.unavailable().orElseThrow()).startsWith("no real speech server is available (LABKIT_SPEECH_URL"
                + " is not set, and Docker cannot serve one: TESTCONTAINERS_RYUK_DISABLED is not true)");
    }
}
