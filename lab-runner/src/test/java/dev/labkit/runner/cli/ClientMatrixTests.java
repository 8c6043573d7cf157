package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.ToolCall;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.modelserver.LabModelServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client matrix: real client libraries installed from npm ({@code clients/}, versions pinned by
 * its package-lock.json), each used as a learner would, against the lab model as {@code lab model
 * serve} serves it. Each client is a script, {@code clients/<client>.mjs}, that runs every case
 * and asserts on what the library returned; this class runs it, makes one test per client and
 * case of its results, and checks, where useful, what the lab model recorded. Known bugs of the
 * libraries and how to run it: docs/client-matrix.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMatrixTests {

    /** The clients: one script each in clients/. */
    private static final List<String> CLIENTS = List.of("ollama", "openai", "langchain-ollama", "langchain-openai",
            "ai-sdk-ollama", "ai-sdk-openai-compatible", "llamaindex-ollama", "llamaindex-openai");

    /** The cases every script must report; a script may add cases of its own. */
    private static final List<String> CASES = List.of("chat", "stream", "tools", "tool-result",
            "structured-output", "image", "embeddings", "unknown-model");

    /**
     * A backstop: a script takes seconds, and bounds each of its cases at 30 s itself
     * (CASE_TIMEOUT_MS in clients/matrix.mjs), so that a hung case still reports.
     */
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(10);

    private static final String CHAT_MODEL = "qwen2.5:0.5b";
    private static final String EMBEDDING_MODEL = "all-minilm";
    private static final String RESULT_PREFIX = "@@labkit-case ";
    private static final ObjectMapper JSON = new ObjectMapper();

    // What the scripts send (the same texts as in clients/matrix.mjs).
    private static final String QUESTION = "What does basil like?";
    private static final String IMAGE_QUESTION = "What does the picture show?";
    private static final ToolCall WEATHER_CALL = new ToolCall("get_weather", Map.of("city", "Lyon"));
    private static final String WEATHER_RESULT = "Lyon: 18 degrees and sunny.";
    private static final String STT_MODEL = "Systran/faster-whisper-small";
    private static final String TTS_MODEL = "speaches-ai/Kokoro-82M-v1.0-ONNX";
    private static final String SPEECH_TEXT = "What fruit is in this picture?";
    private static final String SPEECH_FILE = "speech.wav";

    @TempDir
    static Path work;

    private final Path clients = TestLabs.home().resolve("clients");
    private LabModelServer server;
    private ModelTraffic traffic;
    private Path png;
    private String pngBase64;

    /** What one client script reported for one case. */
    private record CaseResult(boolean passed, String detail, String knownBug) {}

    /** One run of a client script: its results by case, its output and what the lab model recorded meanwhile. */
    private record ScriptRun(String client, String exit, Map<String, CaseResult> results, String output,
            ModelTraffic traffic) {

        String diagnostics() {
            return "\n--- node clients/" + client + ".mjs (" + exit + ") ---\n" + output
                    + "\n--- what the lab model recorded ---\n" + traffic.transcript();
        }
    }

    @BeforeAll
    void startTheLabModel() throws IOException {
        LabModelServer.Config config = ModelCommand.Serve.config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(), null, 0);
        assertThat(config.chatModels()).as("models lab model serve serves").contains(CHAT_MODEL);
        traffic = config.traffic();
        server = LabModelServer.start(config);
        png = work.resolve("red-square.png");
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, Color.RED.getRGB());
            }
        }
        assertThat(ImageIO.write(image, "png", png.toFile())).as("a PNG writer").isTrue();
        pngBase64 = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    }

    @AfterAll
    void stopTheLabModel() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> eachClientLibraryAnswersEveryCaseAsALearnerUsesIt() {
        if (!Files.isExecutable(clients.resolve("node_modules/.bin/node"))) {
            // A skipped test, not a skipped factory: Surefire reports only the former, with its reason.
            return Stream.of(dynamicTest("client matrix", () -> abort("the client matrix is not installed: run `npm ci`"
                    + " in " + clients + " (needs Node and npm; Debian: apt-get install nodejs npm)")));
        }
        return CLIENTS.stream().<DynamicNode>map(client -> dynamicContainer(client,
                Stream.of(client).flatMap(c -> tests(run(c))))); // runs when JUnit reaches the client, one at a time
    }

    private Stream<DynamicTest> tests(ScriptRun run) {
        Set<String> names = new LinkedHashSet<>(CASES);
        names.addAll(run.results().keySet());
        return names.stream().map(name -> {
            CaseResult result = run.results().get(name);
            String bug = result == null || result.knownBug() == null ? "" : " (known client bug: " + result.knownBug() + ")";
            return dynamicTest(run.client() + ": " + name + bug, () -> check(run, name, result));
        });
    }

    private void check(ScriptRun run, String name, CaseResult result) {
        String where = run.client() + " " + name + ": ";
        if (result == null) {
            fail(where + "the script reported no result for this case" + run.diagnostics());
        }
        if (!result.passed()) {
            fail(where + result.detail() + run.diagnostics());
        }
        Optional<WireCheck> wire = wireCheck(name, run);
        if (wire.isPresent() && result.knownBug() == null
                && run.traffic().requests().stream().noneMatch(wire.get().recorded())) {
            fail(where + "the client's answer was right, but the lab model recorded no request " + wire.get().what()
                    + run.diagnostics());
        }
    }

    /** What the lab model must have recorded for a case, besides the client's answer being right. */
    private record WireCheck(String what, Predicate<ModelRequest> recorded) {}

    private Optional<WireCheck> wireCheck(String name, ScriptRun run) {
        return Optional.ofNullable(switch (name) {
            case "stream" -> new WireCheck("that asked to stream the answer to \"" + QUESTION + "\"",
                    r -> r.isChat() && r.stream() && r.lastUserMessage().equals(QUESTION));
            case "tools" -> new WireCheck("that offered get_weather with its city parameter along with \"" + QUESTION + "\"",
                    r -> r.isChat() && r.lastUserMessage().equals(QUESTION) && r.tools().stream().anyMatch(
                            t -> t.name().equals("get_weather") && schemaProperties(t.parameters()).contains("city")));
            case "tool-result" -> new WireCheck("whose messages hold the assistant's call " + WEATHER_CALL
                    + " and then the tool's result \"" + WEATHER_RESULT + "\"", ClientMatrixTests::holdsToolTurn);
            case "structured-output" -> new WireCheck("that asked for a JSON schema with the properties plant and hoursOfSun",
                    r -> r.isChat() && schemaProperties(r.format()).containsAll(Set.of("plant", "hoursOfSun")));
            case "transcription", "transcription-text" -> new WireCheck("for " + STT_MODEL + " that uploaded "
                    + SPEECH_FILE + ": a WAV file the lab model answered a speech request with, byte for byte",
                    r -> r.isTranscription() && r.model().equals(STT_MODEL) && r.audio().fileName().equals(SPEECH_FILE)
                            && r.audio().contentType().equals("audio/wav") && run.traffic().exchanges().stream()
                                    .anyMatch(e -> e.audio() != null && e.audio().equals(AudioClip.of(r.audio().bytes()))));
            case "speech" -> new WireCheck("for " + TTS_MODEL + " asking to say \"" + SPEECH_TEXT + "\" as WAV",
                    r -> r.isSpeech() && r.model().equals(TTS_MODEL) && r.speechInput().equals(SPEECH_TEXT)
                            && "wav".equals(r.options().get("response_format")));
            case "image", "image-base64" -> new WireCheck("with a user message that holds \"" + IMAGE_QUESTION
                    + "\" and the test's PNG, byte for byte", r -> r.messages().stream().anyMatch(
                            m -> m.isUser() && m.content().equals(IMAGE_QUESTION) && m.images().equals(List.of(pngBase64))));
            default -> null;
        });
    }

    private static boolean holdsToolTurn(ModelRequest request) {
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).isAssistant() && messages.get(i).toolCalls().contains(WEATHER_CALL)) {
                return messages.subList(i + 1, messages.size()).stream()
                        .anyMatch(m -> m.role().equals("tool") && m.content().equals(WEATHER_RESULT));
            }
        }
        return false;
    }

    /** The property names of the JSON schema in a format: Ollama's {@code format}, or OpenAI's {@code response_format}. */
    private static Set<String> schemaProperties(Object format) {
        if (format instanceof Map<?, ?> map) {
            if (map.get("properties") instanceof Map<?, ?> properties) {
                Set<String> names = new LinkedHashSet<>();
                properties.keySet().forEach(k -> names.add(String.valueOf(k)));
                return names;
            }
            if (map.get("json_schema") instanceof Map<?, ?> wrapper) {
                return schemaProperties(wrapper.get("schema"));
            }
        }
        return Set.of();
    }

    private ScriptRun run(String client) {
        traffic.reset();
        Path output = work.resolve(client + ".log");
        ProcessBuilder builder = new ProcessBuilder(clients.resolve("node_modules/.bin/node").toString(), client + ".mjs")
                .directory(clients.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("LABKIT_BASE_URL", server.baseUrl().toString(),
                "LABKIT_CHAT_MODEL", CHAT_MODEL, "LABKIT_EMBEDDING_MODEL", EMBEDDING_MODEL,
                "LABKIT_IMAGE_PNG", png.toString(), "NO_COLOR", "1"));
        String exit;
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (process.waitFor(SCRIPT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = "exit code " + process.exitValue();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exit = "killed: still running after " + SCRIPT_LIMIT.toMinutes() + " min";
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node on clients/" + client + ".mjs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clients/" + client + ".mjs ran", e);
        }
        String text = read(output);
        return new ScriptRun(client, exit, results(text), text, traffic.snapshot());
    }

    private static String read(Path output) {
        try {
            String text = Files.readString(output);
            int limit = 50_000; // a script prints a few KB; a runaway one is cut, keeping its end
            return text.length() <= limit ? text : "[... " + (text.length() - limit) + " chars cut ...]"
                    + text.substring(text.length() - limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, CaseResult> results(String output) {
        Map<String, CaseResult> results = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                try {
                    JsonNode node = JSON.readTree(line.substring(RESULT_PREFIX.length()));
                    results.put(node.path("case").asText(), new CaseResult(node.path("passed").asBoolean(),
                            node.path("detail").asText(), node.hasNonNull("knownBug") ? node.get("knownBug").asText() : null));
                } catch (IOException e) {
                    // Not a result line after all: it stays in the output every failure message shows.
                }
            }
        }
        return results;
    }
}
