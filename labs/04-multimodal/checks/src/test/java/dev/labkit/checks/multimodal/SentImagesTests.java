package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Picture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image the app forwarded, read from recorded model requests the way the lab model records them. */
class SentImagesTests {

    private final ModelTraffic traffic = new ModelTraffic();
    private static final AppResponse UPLOAD = new AppResponse("POST /api/ask (image=apple.png)", 502, Map.of(),
            "{\"error\":\"the model refused\"}", Duration.ZERO);
    private final Picture card = Picture.encode(Images.card(200, 100), "png");

    private void chat(String model, String text, String... images) {
        traffic.received(new ModelRequest(traffic.nextRequestNumber(), Instant.now(), "ollama", "/api/chat", "chat",
                model, List.of(Message.of("system", "You are Fig."),
                        new Message("user", text, List.of(images), List.of())), List.of(), false, Map.of(), null));
    }

    @Test
    void theLastImageAfterTheMarkIsDecodedFromRawBase64OrADataUrl() {
        Picture other = Picture.encode(Images.card(50, 50), "jpeg");
        chat("moondream", "first", other.base64());
        chat("qwen", "text only");
        chat("moondream", "second", "data:image/png;base64," + card.base64());

        assertThat(SentImages.forwarded(traffic, 0, UPLOAD).sha256()).isEqualTo(card.sha256());
        assertThat(SentImages.forwarded(traffic, 1, UPLOAD).sha256()).isEqualTo(card.sha256());
        assertThatThrownBy(() -> SentImages.forwarded(traffic, 3, UPLOAD))
                .isInstanceOf(AssertionError.class).hasMessageContaining("POST /api/ask (image=apple.png): no chat "
                        + "request to the model carried an image")
                .hasMessageContaining("#2 model=qwen, 0 image(s), user: \"text only\"")
                .hasMessageContaining("#3 model=moondream, 1 image(s) [PNG 200x100");
    }

    @Test
    void anImageSentAsAPathOrAnAddressIsShownAsItStarts() {
        chat("moondream", "what is this?", "/tmp/uploads/apple.png");

        assertThatThrownBy(() -> SentImages.forwarded(traffic, 0, UPLOAD)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("model request #1 is not base64 image data")
                .hasMessageContaining("\"/tmp/uploads/apple.png\" (22 characters)")
                .hasMessageContaining("not a path or an address");
        assertThat(SentImages.shown("x".repeat(100))).isEqualTo("\"" + "x".repeat(SentImages.SHOWN) + "…\" (100 "
                + "characters)");
    }

    @Test
    void noChatRequestAtAllIsSaid() {
        assertThatThrownBy(() -> SentImages.forwarded(traffic, 0, UPLOAD)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("none (see the transcript)")
                .hasMessageContaining("The app answered 502 {\"error\":\"the model refused\"}")
                .hasMessageContaining("base64-encoded");
        AppResponse notYet = new AppResponse("POST /api/ask", 501, Map.of(), "{\"error\":\"Not implemented yet\"}",
                Duration.ZERO);
        assertThatThrownBy(() -> SentImages.forwarded(traffic, 0, notYet)).isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("The app answered 501 {\"error\":\"Not implemented yet\"}");
        AppResponse answeredWithout = new AppResponse("POST /api/ask", 200, Map.of(), "{\"reply\":\"Nice.\"}",
                Duration.ZERO);
        assertThatThrownBy(() -> SentImages.forwarded(traffic, 0, answeredWithout))
                .as("an app that answers without sending the image is told to fix that before scaling or EXIF")
                .hasMessageEndingWith(SentImages.FIRST);
    }

    @Test
    void theChecksListOfRequestsShowsAudioByHashAndSpeechByInput() {
        chat("moondream", "look", card.base64());
        AudioClip clip = new AudioClip(new byte[] {1, 2, 3}, "question.wav", "audio/wav");
        traffic.received(new ModelRequest(traffic.nextRequestNumber(), Instant.now(), "openai",
                "/v1/audio/transcriptions", "transcription", "whisper", List.of(), List.of(), false,
                Map.of("response_format", "json"), null, clip));
        traffic.received(new ModelRequest(traffic.nextRequestNumber(), Instant.now(), "openai", "/v1/audio/speech",
                "speech", "kokoro", List.of(Message.of("user", "Ripe.")), List.of(), false, Map.of("voice", "alloy"),
                null));

        assertThat(MultimodalChecks.requests(traffic)).isEqualTo("\n  #1 chat model=moondream, 1 image(s), user: "
                + "\"look\"\n  #2 transcription model=whisper, audio " + clip.describe() + ", fields "
                + "{response_format=json}\n  #3 speech model=kokoro, input \"Ripe.\"");
        assertThat(MultimodalChecks.requests(new ModelTraffic())).isEqualTo("none");
    }
}
