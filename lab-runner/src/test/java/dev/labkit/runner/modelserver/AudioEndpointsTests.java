package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.AudioClient.json;
import static dev.labkit.runner.modelserver.AudioClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's audio API on the lab model, over real HTTP: {@code POST /v1/audio/speech} and
 * {@code POST /v1/audio/transcriptions}, their formats and errors, what is recorded, and scripting.
 */
class AudioEndpointsTests {

    private static final String STT = "Systran/faster-whisper-small";
    private static final String TTS = "speaches-ai/Kokoro-82M-v1.0-ONNX";
    private static final String SENTENCE = "What fruit is in this picture?";

    private final ModelServerFixture model = new ModelServerFixture(null, Map.of());
    private final AudioClient audio = new AudioClient(model.server.speechBaseUrl());

    @AfterEach
    void stop() {
        model.close();
    }

    private byte[] speak(String input) throws Exception {
        HttpResponse<byte[]> response = audio.speech("""
                {"model": "%s", "input": "%s", "voice": "alloy", "response_format": "wav"}""".formatted(TTS, input));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return response.body();
    }

    @Test
    void speechIsAValidWavOf16kHzMono16BitPcmAndIsRecordedWithTheBytesAnswered() throws Exception {
        HttpResponse<byte[]> response = audio.speech("""
                {"model": "%s", "input": "%s", "voice": "alloy", "speed": 1.0}""".formatted(TTS, SENTENCE));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/wav");
        AudioClip clip = AudioClip.of(response.body());
        assertThat(clip.isWav()).as("a WAV file javax.sound.sampled reads").isTrue();
        AudioFormat format = clip.wavFormat().orElseThrow();
        assertThat(format.getSampleRate()).isEqualTo(16_000f);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.isBigEndian()).isFalse();
        assertThat(clip.duration().orElseThrow()).as("six words spoken").isBetween(Duration.ofMillis(1000),
                Duration.ofSeconds(5));
        assertThat(loudness(response.body())).as("speech, not silence").isGreaterThan(300);

        ModelRequest request = model.traffic.speechRequests().get(0);
        assertThat(request.kind()).isEqualTo("speech");
        assertThat(request.api()).isEqualTo("openai");
        assertThat(request.endpoint()).isEqualTo("/v1/audio/speech");
        assertThat(request.model()).isEqualTo(TTS);
        assertThat(request.messages()).containsExactly(Message.of("user", SENTENCE));
        assertThat(request.speechInput()).isEqualTo(SENTENCE);
        assertThat(request.options()).containsExactly(Map.entry("voice", "alloy"), Map.entry("speed", 1.0));
        ModelExchange exchange = model.traffic.exchanges().get(0);
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.reply()).as("the text synthesised").isEqualTo(SENTENCE);
        assertThat(exchange.audio().bytes()).as("the bytes answered, exactly").isEqualTo(response.body());
    }

    @Test
    void theSameTextIsAlwaysTheSameWav() throws Exception {
        assertThat(speak("Apples are red.")).isEqualTo(speak("Apples are red."));
    }

    @Test
    void pcmIsRaw16BitLittleEndianMonoAt24kHzAsOpenAiServesIt() throws Exception {
        byte[] wav = speak(SENTENCE);
        HttpResponse<byte[]> response = audio.speech("""
                {"model": "%s", "input": "%s", "response_format": "pcm"}""".formatted(TTS, SENTENCE));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/pcm");
        double wavSeconds = AudioClip.of(wav).duration().orElseThrow().toMillis() / 1000d;
        double pcmSeconds = response.body().length / 2 / 24_000d;
        assertThat(pcmSeconds).as("the same speech at 24,000 samples per second").isCloseTo(wavSeconds,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(model.traffic.exchanges().get(1).audio().bytes()).isEqualTo(response.body());
    }

    @Test
    void formatsTheLabModelCannotEncodeAre400sNamingTheFormatsItServes() throws Exception {
        for (String format : new String[] {"mp3", "opus", "aac", "flac"}) {
            HttpResponse<byte[]> response = audio.speech("""
                    {"model": "%s", "input": "Hi", "response_format": "%s"}""".formatted(TTS, format));

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("message").asText()).contains(format, "wav", "pcm");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asText()).isEqualTo("response_format");
            assertThat(error.has("code")).isTrue();
        }
        assertThat(model.traffic.requests()).as("a request the API refuses is not a model request").isEmpty();
    }

    @Test
    void speechInputIsRequiredAndAtMost4096Characters() throws Exception {
        HttpResponse<byte[]> tooLong = audio.speech("""
                {"model": "%s", "input": "%s"}""".formatted(TTS, "a".repeat(4097)));
        HttpResponse<byte[]> none = audio.speech("{\"model\": \"" + TTS + "\"}");
        HttpResponse<byte[]> noModel = audio.speech("{\"input\": \"Hi\"}");
        HttpResponse<byte[]> notJson = audio.speech("input=Hi");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("error").path("message").asText()).contains("4097", "4096");
        assertThat(json(tooLong).path("error").path("param").asText()).isEqualTo("input");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none).path("error").path("param").asText()).isEqualTo("input");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(json(noModel).path("error").path("param").asText()).isEqualTo("model");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").path("message").asText()).contains("JSON");
    }

    @Test
    void speechTheLabModelSynthesisedIsTranscribedBackExactlyAndTheUploadIsRecordedExactly() throws Exception {
        byte[] wav = speak(SENTENCE);

        HttpResponse<byte[]> response = audio.transcribeWav(wav, STT, "language", "en", "prompt", "Fruit names.",
                "temperature", "0");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(response).path("text").asText()).isEqualTo(SENTENCE);
        ModelRequest request = model.traffic.transcriptionRequests().get(0);
        assertThat(request.kind()).isEqualTo("transcription");
        assertThat(request.api()).isEqualTo("openai");
        assertThat(request.endpoint()).isEqualTo("/v1/audio/transcriptions");
        assertThat(request.model()).isEqualTo(STT);
        assertThat(request.audio().bytes()).as("the uploaded bytes, exactly").isEqualTo(wav);
        assertThat(request.audio().fileName()).isEqualTo("question.wav");
        assertThat(request.audio().contentType()).isEqualTo("audio/wav");
        assertThat(request.options()).containsExactly(Map.entry("language", "en"), Map.entry("prompt", "Fruit names."),
                Map.entry("temperature", "0"));
        assertThat(request.messages()).containsExactly(Message.of("user", "Fruit names."));
        assertThat(model.traffic.exchanges().get(1).reply()).isEqualTo(SENTENCE);
    }

    @Test
    void aTranscriptIsWrittenInEachResponseFormat() throws Exception {
        byte[] wav = speak(SENTENCE);
        double seconds = AudioClip.of(wav).duration().orElseThrow().toMillis() / 1000d;

        HttpResponse<byte[]> text = audio.transcribeWav(wav, STT, "response_format", "text");
        JsonNode verbose = json(audio.transcribeWav(wav, STT, "response_format", "verbose_json",
                "timestamp_granularities[]", "segment"));
        String srt = text(audio.transcribeWav(wav, STT, "response_format", "srt"));
        String vtt = text(audio.transcribeWav(wav, STT, "response_format", "vtt"));

        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text(text)).isEqualTo(SENTENCE);
        assertThat(verbose.path("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.path("language").asText()).isEqualTo("english");
        assertThat(verbose.path("duration").asDouble()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.01));
        assertThat(verbose.path("text").asText()).isEqualTo(SENTENCE);
        assertThat(verbose.path("segments")).hasSize(1);
        assertThat(verbose.path("segments").get(0).path("end").asDouble()).isEqualTo(verbose.path("duration").asDouble());
        assertThat(verbose.path("segments").get(0).path("text").asText()).isEqualTo(SENTENCE);
        assertThat(srt).startsWith("1\n00:00:00,000 --> 00:00:0").endsWith("\n" + SENTENCE + "\n\n");
        assertThat(vtt).startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:0").endsWith("\n" + SENTENCE + "\n\n");
        assertThat(model.traffic.transcriptionRequests().get(1).options())
                .containsEntry("timestamp_granularities[]", "segment");
    }

    @Test
    void aTranscriptionWithoutFileOrModelOrWithAnUnknownFormatIsA400AsOpenAiWordsIt() throws Exception {
        byte[] wav = speak("Hello.");

        HttpResponse<byte[]> noFile = audio.transcribe(null, null, null, Map.of("model", STT));
        HttpResponse<byte[]> noModel = audio.transcribe(wav, "a.wav", "audio/wav", Map.of());
        HttpResponse<byte[]> badFormat = audio.transcribeWav(wav, STT, "response_format", "xml");
        HttpResponse<byte[]> notMultipart = audio.post("/audio/transcriptions", "application/json",
                "{\"model\": \"x\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(json(noFile).path("error").path("param").asText()).isEqualTo("file");
        assertThat(json(noFile).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(json(noModel).path("error").path("param").asText()).isEqualTo("model");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(json(badFormat).path("error").path("message").asText()).contains("xml", "verbose_json");
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        assertThat(json(notMultipart).path("error").path("message").asText()).contains("multipart/form-data");
        assertThat(model.traffic.transcriptionRequests()).isEmpty();
    }

    @Test
    void audioThatIsNotWavIsRefusedWhenNoRuleAnswersIt() throws Exception {
        byte[] ogg = "OggS\0\2 not really an Ogg Vorbis stream".getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<byte[]> response = audio.transcribe(ogg, "voice.ogg", "audio/ogg", Map.of("model", STT));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("reads WAV audio only", "voice.ogg");
        assertThat(json(response).path("error").path("param").asText()).isEqualTo("file");
        assertThat(model.traffic.transcriptionRequests().get(0).audio().bytes()).isEqualTo(ogg);
        assertThat(model.traffic.exchanges().get(0).status()).isEqualTo(400);

        model.script.onTranscription().reply("A scripted transcript.");
        HttpResponse<byte[]> scripted = audio.transcribe(ogg, "voice.ogg", "audio/ogg", Map.of("model", STT));
        assertThat(json(scripted).path("text").asText()).isEqualTo("A scripted transcript.");
    }

    @Test
    void knownClipsAreTranscribedExactlyByTheirHash() throws Exception {
        byte[] clip = speak("Something else entirely.");
        try (ModelServerFixture other = new ModelServerFixture(null,
                Map.of(AudioClip.of(clip).sha256(), "The known transcript."))) {
            HttpResponse<byte[]> response = new AudioClient(other.server.speechBaseUrl()).transcribeWav(clip, STT);

            assertThat(json(response).path("text").asText()).isEqualTo("The known transcript.");
        }
    }

    @Test
    void aScriptedSpeechReplyIsSynthesisedInsteadOfTheInput() throws Exception {
        model.script.onSpeech().reply("Bananas are yellow.");

        byte[] wav = speak(SENTENCE);
        model.script.clear();
        String heard = json(audio.transcribeWav(wav, STT)).path("text").asText();

        assertThat(heard).as("what the WAV says").isEqualTo("Bananas are yellow.");
        assertThat(model.traffic.speechRequests().get(0).speechInput()).isEqualTo(SENTENCE);
        ModelExchange exchange = model.traffic.exchanges().get(0);
        assertThat(exchange.reply()).isEqualTo("Bananas are yellow.");
        assertThat(exchange.rule()).isEqualTo("any speech request");
    }

    @Test
    void aScriptedFailureIsAnOpenAiErrorAndAScriptedDropClosesTheConnection() throws Exception {
        byte[] wav = speak(SENTENCE);
        model.script.when(Match.audio()).fail(503);

        HttpResponse<byte[]> failed = audio.transcribeWav(wav, STT);
        HttpResponse<byte[]> failedSpeech = audio.speech("{\"model\": \"" + TTS + "\", \"input\": \"Hi\"}");
        HttpResponse<String> chat = model.post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": "Hi"}]}""".formatted(ModelServerFixture.CHAT_MODEL));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).path("error").path("message").asText()).contains("503");
        assertThat(json(failed).path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(failedSpeech.statusCode()).isEqualTo(503);
        assertThat(chat.statusCode()).as("text requests keep working").isEqualTo(200);

        model.script.clear();
        model.script.when(Match.transcription()).dropConnection();
        assertThatThrownBy(() -> audio.transcribeWav(wav, STT)).isInstanceOf(IOException.class);
        ModelExchange dropped = model.traffic.exchanges().get(model.traffic.exchanges().size() - 1);
        assertThat(dropped.request().isTranscription()).isTrue();
        assertThat(dropped.status()).isZero();
        assertThat(dropped.request().audio().bytes()).isEqualTo(wav);
    }

    @Test
    void aDelayedReplyWaitsThenAnswers() throws Exception {
        model.script.onTranscription().then(dev.labkit.checks.sdk.Reply.delayed(Duration.ofMillis(300),
                dev.labkit.checks.sdk.Reply.text("Late.")));
        byte[] wav = speak("Hi.");

        long started = System.nanoTime();
        HttpResponse<byte[]> response = audio.transcribeWav(wav, STT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(json(response).path("text").asText()).isEqualTo("Late.");
    }

    /** The root mean square of 16-bit little-endian samples after the 44-byte header. */
    static double loudness(byte[] wav) {
        double sum = 0;
        int count = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) {
            int sample = (short) ((wav[i] & 0xff) | (wav[i + 1] << 8));
            sum += (double) sample * sample;
            count++;
        }
        return Math.sqrt(sum / Math.max(1, count));
    }
}
