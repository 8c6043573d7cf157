package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Reply;
import dev.labkit.runner.LoopbackServers;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.modelserver.RequestLog;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab model serve} (and {@code lab tools serve}) as a learner runs it: a real process, stopped with SIGTERM like Ctrl-C. */
class ModelServeTests {

    /** The time, the status and the duration that start every line of the log. */
    private static final String LINE_START = "\\d\\d:\\d\\d:\\d\\d \\| +\\d{3} \\| +\\d+ ms \\| ";

    private static final Clock TEN_FIFTEEN = Clock.fixed(Instant.parse("2026-11-30T10:15:30Z"), ZoneOffset.UTC);
    private static final String CHAT_MODEL = "qwen2.5:0.5b";
    private static final String PERSONA = "You are Sprout, a friendly gardening assistant.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void servesEveryLabsModelsUntilStoppedAndLogsEachRequestOnItsConsole() throws Exception {
        int port = LoopbackServers.freePort();
        Process process = modelServe(port, "--model", "llama3.2:1b", "--verbose");
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readLine(output)).isEqualTo("Lab model serving the Ollama API at http://127.0.0.1:" + port
                    + " (OpenAI API at http://127.0.0.1:" + port + "/v1)");
            List<String> banner = List.of(readLine(output), readLine(output), readLine(output), readLine(output),
                    readLine(output));
            assertThat(banner.get(2)).startsWith("Speech (OpenAI's audio API: /audio/speech, /audio/transcriptions) at "
                    + "http://127.0.0.1:" + port + "/v1; known clips: ");
            assertThat(banner.get(3)).isEqualTo("Point your app at it with OLLAMA_BASE_URL=http://127.0.0.1:" + port
                    + " and LAB_SPEECH_BASE_URL=http://127.0.0.1:" + port + "/v1. Ctrl-C stops it.");
            assertThat(banner.get(4))
                    .isEqualTo("Each request your app sends is shown below, with its messages and the answer.");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/tags")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tags.body()).contains("\"qwen2.5:0.5b\"", "\"llama3.2:1b\"", "\"all-minilm:latest\"",
                    "\"nomic-embed-text:latest\"");
            assertThat(readLine(output)).matches(LINE_START + "GET /api/tags");

            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"llama3.2:1b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(List.of(readLine(output), readLine(output), readLine(output))).satisfiesExactly(
                    line -> assertThat(line).matches(LINE_START
                            + "POST /api/chat \\| model=llama3.2:1b messages=1 \\(user 1\\) tools=0 stream=false"),
                    line -> assertThat(line).isEqualTo("    user: Hi"),
                    line -> assertThat(line).startsWith("    answer: "));

            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * An app's HTTP client keeps its connection to the model and reuses it after a pause. A server that closes idle
     * connections races that reuse: the request goes into a closing socket and fails (the JDK HttpClient does not
     * retry a POST: "HTTP/1.1 header parser received no bytes"), and the app shows an error no real Ollama causes
     * (Go's http.Server without an IdleTimeout keeps idle connections). Lab 04's image-as-file-path variant once
     * failed browser.voice so. The JDK server closes them 30 to 40 s idle by default: 41 s is past that.
     */
    @Test
    void keepsAnIdleKeepAliveConnectionOpenAsOllamaDoes() throws Exception {
        int port = LoopbackServers.freePort();
        Process process = modelServe(port);
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readLine(output)).startsWith("Lab model serving the Ollama API at");
            Socket connection = new Socket(InetAddress.getLoopbackAddress(), port);
            connection.setSoTimeout(10_000);
            assertThat(tags(connection)).as("first request").startsWith("HTTP/1.1 200");

            Duration idle = Duration.ofSeconds(41);
            Thread.sleep(idle.toMillis());
            String again;
            try {
                again = tags(connection);
            } catch (IOException e) {
                again = e.toString();
            }
            assertThat(again).as("the same connection, %d s idle, should still be answered", idle.toSeconds())
                    .startsWith("HTTP/1.1 200");
            connection.close();
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends GET /api/tags on {@code connection} and reads its answer whole; its status line, or what ended it. */
    private static String tags(Socket connection) throws IOException {
        connection.getOutputStream().write("GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        connection.getOutputStream().flush();
        java.io.DataInputStream in = new java.io.DataInputStream(connection.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return "(connection closed by the server after " + head.length() + " bytes of an answer)";
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in %s", head).isTrue();
        in.readFully(new byte[Integer.parseInt(length.group(1))]);
        return head.toString();
    }

    /** {@code lab model serve --port <port> <options>} in a JVM of its own, as Main runs it; its log on stdout alone. */
    private static Process modelServe(int port, String... options) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlabkit.home=" + TestLabs.home(), Main.class.getName(), "model", "serve", "--port",
                Integer.toString(port)));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The next line of a process's output, within 60 s (the first default answer loads the embedding model). */
    private static String readLine(BufferedReader output) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void logsOneLinePerRequestWithWhatTheAppSent() throws Exception {
        try (LoggedModelFixture model = new LoggedModelFixture(false)) {
            assertThat(model.send("GET", "/api/tags", null)).containsExactly("10:15:30 | 200 | N ms | GET /api/tags");

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "stream": false, "messages": [
                      {"role": "system", "content": "%s"},
                      {"role": "user", "content": "Hi, I am Ana."},
                      {"role": "assistant", "content": "Hello Ana!"},
                      {"role": "user", "content": "What is in this picture?", "images": ["iVBORw0KGgo="]}]}
                    """.formatted(PERSONA))).containsExactly("10:15:30 | 200 | N ms | POST /api/chat"
                    + " | model=qwen2.5:0.5b messages=4 (system 1, user 2, assistant 1) images=1 tools=0 stream=false");

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "messages": [{"role": "user", "content": "Will it rain?"}],
                     "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]}
                    """)).containsExactly("10:15:30 | 200 | N ms | POST /api/chat"
                    + " | model=qwen2.5:0.5b messages=1 (user 1) tools=1 stream=true");

            assertThat(model.send("POST", "/v1/chat/completions", """
                    {"model": "qwen2.5:0.5b", "stream": true, "messages": [
                      {"role": "system", "content": "%s"}, {"role": "user", "content": "Who are you?"}]}
                    """.formatted(PERSONA))).containsExactly("10:15:30 | 200 | N ms | POST /v1/chat/completions"
                    + " | model=qwen2.5:0.5b messages=2 (system 1, user 1) tools=0 stream=true");

            assertThat(model.send("POST", "/api/embed", """
                    {"model": "all-minilm", "input": ["Tomatoes like sun.", "Basil likes water.", "Mint spreads."]}
                    """)).containsExactly("10:15:30 | 200 | N ms | POST /api/embed | model=all-minilm inputs=3");

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "gpt-4o", "stream": false, "messages": [{"role": "user", "content": "Hi"}]}
                    """)).containsExactly("10:15:30 | 404 | N ms | POST /api/chat"
                    + " | model=gpt-4o messages=1 (user 1) tools=0 stream=false | error: model 'gpt-4o' not found");

            assertThat(model.send("POST", "/v1/embeddings", """
                    {"model": "text-embedding-3-small", "input": "Hi"}
                    """)).containsExactly("10:15:30 | 404 | N ms | POST /v1/embeddings | model=text-embedding-3-small"
                    + " inputs=1 | error: model \"text-embedding-3-small\" not found, try pulling it first");

            assertThat(model.send("POST", "/api/chat", "[\"Hi\"]")).containsExactly(
                    "10:15:30 | 400 | N ms | POST /api/chat | error: request body must be a JSON object");
        }
    }

    @Test
    void verboseAddsTheMessagesTheToolsAndTheAnswerShortened() throws Exception {
        String question = "Which vegetables grow well in a shady garden with clay soil, and when should I plant them "
                + "so that they are ready before the first frost?";
        try (LoggedModelFixture model = new LoggedModelFixture(true)) {
            model.config.script().when(Match.lastUserMessageContains("tomorrow"))
                    .then(Reply.toolCall("weather", Map.of("city", "Paris")));

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "stream": false, "messages": [
                      {"role": "system", "content": "You are Sprout.\\nBe brief."},
                      {"role": "user", "content": "%s"},
                      {"role": "assistant", "content": "", "tool_calls": [
                        {"function": {"name": "weather", "arguments": {"city": "Paris"}}}]},
                      {"role": "tool", "content": "18 C and sunny"},
                      {"role": "user", "content": "And tomorrow?", "images": ["iVBORw0KGgo="]}],
                     "tools": [{"type": "function", "function": {"name": "weather", "parameters": {}}},
                               {"type": "function", "function": {"name": "search", "parameters": {}}}]}
                    """.formatted(question))).containsExactly(
                    "10:15:30 | 200 | N ms | POST /api/chat | model=qwen2.5:0.5b"
                            + " messages=5 (system 1, user 2, assistant 1, tool 1) images=1 tools=2 stream=false",
                    "    system: You are Sprout.\\nBe brief.",
                    "    user: " + question.substring(0, 100) + "… (" + question.length() + " characters)",
                    "    assistant: [calls weather {\"city\":\"Paris\"}]",
                    "    tool: 18 C and sunny",
                    "    user: And tomorrow? [1 image]",
                    "    tools: weather, search",
                    "    answer: tool calls weather {\"city\":\"Paris\"}");

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "messages": [
                      {"role": "system", "content": "%s"}, {"role": "user", "content": "Who are you?"}]}
                    """.formatted(PERSONA))).containsExactly(
                    "10:15:30 | 200 | N ms | POST /api/chat | model=qwen2.5:0.5b messages=2 (system 1, user 1) tools=0"
                            + " stream=true",
                    "    system: " + PERSONA,
                    "    user: Who are you?",
                    "    answer: I am Sprout, a friendly gardening assistant.");

            List<String> inputs = IntStream.rangeClosed(1, 12).mapToObj(i -> "chunk " + i).toList();
            List<String> expected = new ArrayList<>(List.of(
                    "10:15:30 | 200 | N ms | POST /api/embed | model=all-minilm inputs=12"));
            inputs.stream().limit(10).forEach(input -> expected.add("    input: " + input));
            expected.addAll(List.of("    … and 2 more inputs", "    answer: 12 vectors of 384 numbers"));
            assertThat(model.send("POST", "/api/embed", JSON.writeValueAsString(
                    Map.of("model", "all-minilm", "input", inputs)))).containsExactlyElementsOf(expected);

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "llama3", "stream": false, "messages": [{"role": "user", "content": "Hi"}]}
                    """)).as("a refusal: its reason on the line, and no answer").containsExactly(
                    "10:15:30 | 404 | N ms | POST /api/chat | model=llama3 messages=1 (user 1) tools=0 stream=false"
                            + " | error: model 'llama3' not found",
                    "    user: Hi");
        }
    }

    /** The line is written when the answer has ended: its duration is the app's whole wait, and a dropped answer has no status. */
    @Test
    void eachLineIsWrittenWhenItsAnswerHasEnded() throws Exception {
        try (LoggedModelFixture model = new LoggedModelFixture(false)) {
            model.config.script().when(Match.lastUserMessageContains("slowly"))
                    .then(new Reply.Delayed(Duration.ofMillis(400), Reply.chunks("Slow ", "and ", "steady.")));
            model.config.script().when(Match.lastUserMessageContains("hang up")).then(new Reply.Drop());

            List<String> slow = model.sendUnmasked("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "messages": [{"role": "user", "content": "Answer slowly."}]}
                    """);
            assertThat(slow).hasSize(1);
            Matcher millis = Pattern.compile("\\| +(\\d+) ms \\|").matcher(slow.get(0));
            assertThat(millis.find()).as(slow.get(0)).isTrue();
            assertThat(Long.parseLong(millis.group(1))).as(slow.get(0)).isGreaterThanOrEqualTo(400);
            assertThat(model.lastAnswer).as("the whole stream").contains("steady.").contains("\"done\":true");

            assertThat(model.send("POST", "/api/chat", """
                    {"model": "qwen2.5:0.5b", "stream": false, "messages": [{"role": "user", "content": "Now hang up."}]}
                    """)).containsExactly("10:15:30 | --- | N ms | POST /api/chat"
                    + " | model=qwen2.5:0.5b messages=1 (user 1) tools=0 stream=false | no answer: the connection was closed");
        }
    }

    @Test
    void concurrentRequestsNeverMixWithinALineNorWithinTheirDetails() throws Exception {
        int requests = 8;
        try (LoggedModelFixture model = new LoggedModelFixture(true)) {
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.rangeClosed(1, requests)
                    .mapToObj(n -> model.sendAsync("/api/chat", JSON.createObjectNode().put("model", CHAT_MODEL)
                            .put("stream", n % 2 == 0).set("messages", JSON.valueToTree(IntStream.rangeClosed(1, n)
                                    .mapToObj(i -> Map.of("role", "user", "content", "request " + n + ", message " + i))
                                    .toList())).toString()))
                    .toList();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            List<String> log = model.awaitLines(line -> line.startsWith("10:15:30"), requests);

            List<Integer> seen = new ArrayList<>();
            for (int at = 0; at < log.size(); ) {
                Matcher line = Pattern.compile("10:15:30 \\| 200 \\| +\\d+ ms \\| POST /api/chat \\| model=qwen2.5:0.5b"
                        + " messages=(\\d+) \\(user \\1\\) tools=0 stream=(true|false)").matcher(log.get(at));
                assertThat(line.matches()).as("line %d of\n%s", at, String.join("\n", log)).isTrue();
                int n = Integer.parseInt(line.group(1));
                assertThat(line.group(2)).isEqualTo(String.valueOf(n % 2 == 0));
                for (int i = 1; i <= n; i++) {
                    assertThat(log.get(at + i)).as("details of request %d in\n%s", n, String.join("\n", log))
                            .isEqualTo("    user: request " + n + ", message " + i);
                }
                assertThat(log.get(at + n + 1)).startsWith("    answer: ");
                seen.add(n);
                at += n + 2;
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, requests).boxed().toList());
        }
    }

    /** Grading runs the same server: {@code lab check}, even with {@code --verbose}, prints no request line. */
    @Test
    void gradingLogsNoRequest() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = temp.resolve("result.json");

        // The JVM's own console too: a log written there would bypass the command's writers.
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int exit;
        try (PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            System.setErr(captured);
            exit = LabCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "check",
                    TestLabs.app("echo").toString(), "--lab", "01-chatbot", "--models", "embedded", "--json",
                    json.toString(), "--verbose");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECKS_FAILED.code());
        // The echo app asks the model once before it listens: it could not have started without the lab model.
        assertThat(JSON.readTree(json.toFile()).get("status").asText()).isEqualTo("failed");
        Pattern requestLine = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\| +(\\d{3}|---) \\| +\\d+ ms \\| [A-Z]+ /");
        String everything = out + "\n" + err + "\n" + console.toString(StandardCharsets.UTF_8);
        assertThat(everything.lines()).noneMatch(line -> requestLine.matcher(line).find());
        assertThat(out.toString()).contains("Score: ");
    }

    @Test
    void toolsServeRefusesALabWithoutAWorldInOneLine() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = LabCli.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true), "tools", "serve", "--lab", "01-chatbot");

        assertThat(code).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: lab 01-chatbot has no tools world");
    }

    @Test
    void clipsThatAreNotAFolderAreAOneLineErrorWithTheNextStep() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = LabCli.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true), "model", "serve", "--port", "0", "--clips",
                temp.resolve("no-such-folder").toString());

        assertThat(code).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
        assertThat(err.toString()).startsWith("error: --clips: " + temp.resolve("no-such-folder") + " is not a folder")
                .contains("each with a .txt file of its transcript beside it");
    }

    @Test
    void theClipsOfEveryLabsFixturesAndOfClipsFoldersAreKnown() throws Exception {
        Path clips = Files.createDirectories(temp.resolve("clips"));
        Files.write(clips.resolve("hello.wav"), new byte[] {1, 2, 3});
        Files.writeString(clips.resolve("hello.txt"), "Hello there.");

        LabModelServer.Config config = ModelCommand.Serve.config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(), null, 0, List.of(clips));

        assertThat(config.clipTranscripts()).containsEntry(dev.labkit.checks.sdk.AudioClip.of(new byte[] {1, 2, 3})
                .sha256(), "Hello there.");
    }

    @Test
    void aBusyPortIsAOneLineErrorWithTheNextStep() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = LabCli.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                    new java.io.PrintWriter(err, true), "model", "serve", "--port", Integer.toString(busy.getLocalPort()));

            assertThat(code).isEqualTo(ExitCode.COULD_NOT_GRADE.code());
            assertThat(err.toString()).startsWith("error: cannot listen on 127.0.0.1:" + busy.getLocalPort())
                    .contains("Try --port 11435");
        }
    }
    /**
     * The server {@code lab model serve} starts (the same configuration), in this JVM on a free port,
     * logging to a string with the clock stopped at 10:15:30; durations are masked as {@code N ms}.
     */
    private static final class LoggedModelFixture implements AutoCloseable {
        private static final Pattern MILLIS = Pattern.compile("\\| +\\d+ ms \\|");

        final LabModelServer.Config config = ModelCommand.Serve.config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(), null, 0);
        private final StringWriter log = new StringWriter();
        private final LabModelServer server;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String lastAnswer = "";

        LoggedModelFixture(boolean verbose) throws IOException {
            assertThat(config.chatModels()).as("models lab model serve serves").contains(CHAT_MODEL);
            server = LabModelServer.start(config, RequestLog.to(new PrintWriter(log), verbose, TEN_FIFTEEN));
        }

        /** Sends a request and returns the lines the log wrote for it, durations masked. */
        List<String> send(String method, String path, String body) throws Exception {
            return sendUnmasked(method, path, body).stream().map(l -> MILLIS.matcher(l).replaceFirst("| N ms |")).toList();
        }

        List<String> sendUnmasked(String method, String path, String body) throws Exception {
            int before = log.getBuffer().length();
            try {
                lastAnswer = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                lastAnswer = "(no answer: " + e + ")";
            }
            // The line may come a moment after the answer: it is written once the exchange is closed.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.getBuffer().length() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return log.getBuffer().substring(before).lines().toList();
        }

        CompletableFuture<HttpResponse<String>> sendAsync(String path, String body) {
            return http.sendAsync(request("POST", path, body), HttpResponse.BodyHandlers.ofString());
        }

        /** The whole log, once {@code count} of its lines match {@code first} (within 10 s). */
        List<String> awaitLines(Predicate<String> first, int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.toString().lines().filter(first).count() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return log.toString().lines().toList();
        }

        private HttpRequest request(String method, String path, String body) {
            return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
