package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines {@code lab model serve} writes for audio requests, and the known clips it loads from a folder. */
class AudioRequestLogTests {

    private static final Clock TEN_FIFTEEN = Clock.fixed(Instant.parse("2026-11-30T10:15:30Z"), ZoneOffset.UTC);
    private static final Pattern MILLIS = Pattern.compile("\\| +\\d+ ms \\|");

    @TempDir
    Path temp;

    @Test
    void audioRequestsAreLoggedWithTheModelTheAudioAndTheFieldsSent() throws Exception {
        StringWriter log = new StringWriter();
        try (LabModelServer server = LabModelServer.start(new LabModelServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ModelScript(), new ModelTraffic(),
                Set.of("qwen2.5:0.5b"), Set.of()), RequestLog.to(new PrintWriter(log), true, TEN_FIFTEEN))) {
            AudioClient audio = new AudioClient(server.speechBaseUrl());

            // Each line is written once its exchange is closed, a moment after the app has its answer.
            byte[] wav = audio.speech("""
                    {"model": "kokoro", "input": "Figs are sweet.", "voice": "alloy"}""").body();
            awaitLines(log, 1);
            audio.transcribeWav(wav, "whisper", "language", "en");
            awaitLines(log, 2);
            audio.speech("{\"model\": \"kokoro\", \"input\": \"Hi\", \"response_format\": \"mp3\"}");

            List<String> lines = awaitLines(log, 3).stream().map(l -> MILLIS.matcher(l).replaceFirst("| N ms |")).toList();
            assertThat(lines).containsSubsequence(
                    "10:15:30 | 200 | N ms | POST /v1/audio/speech | model=kokoro input=15 characters fields=voice",
                    "    user: Figs are sweet.",
                    "10:15:30 | 200 | N ms | POST /v1/audio/transcriptions | model=whisper audio="
                            + AudioClip.of(wav).describe().replace("question.wav", "") + ", file name 'question.wav'"
                            + " fields=language",
                    "    answer: Figs are sweet.",
                    "10:15:30 | 400 | N ms | POST /v1/audio/speech | error: the lab model cannot encode 'mp3' audio; "
                            + "it serves response_format wav or pcm (16-bit PCM)");
            assertThat(lines.get(2)).startsWith("    answer: wav, ").endsWith(" bytes, saying: Figs are sweet.");
        }
    }

    private static List<String> awaitLines(StringWriter log, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.toString().lines().filter(l -> l.startsWith("10:15:30")).count() < count
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return log.toString().lines().toList();
    }

    @Test
    void knownClipsAreTheWavFilesWithATranscriptBesideThem() throws Exception {
        Path audio = Files.createDirectories(temp.resolve("fixtures/audio"));
        byte[] question = SpeechSynthesizer.wav("What fruit is this?", 1);
        Files.write(audio.resolve("question.wav"), question);
        Files.writeString(audio.resolve("question.txt"), "What fruit is this?\n");
        Files.write(audio.resolve("no-transcript.wav"), SpeechSynthesizer.wav("Nothing.", 1));

        Map<String, String> clips = KnownClips.under(temp.resolve("fixtures"));

        assertThat(clips).containsExactly(Map.entry(AudioClip.of(question).sha256(), "What fruit is this?"));
        assertThat(KnownClips.under(temp.resolve("no-such-folder"))).isEmpty();
    }
}
