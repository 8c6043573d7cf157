package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.grading.TestLabs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code lab model serve} (and {@code lab tools serve}) as a learner runs it: a real process, stopped with SIGTERM like Ctrl-C. */
class ModelServeTests {

    @Test
    void servesEveryLabsModelsUntilStopped() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlabkit.home=" + TestLabs.home(), Main.class.getName(), "model", "serve", "--port",
                Integer.toString(port), "--model", "llama3.2:1b"))
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String banner = CompletableFuture.supplyAsync(() -> {
                try {
                    return output.readLine();
                } catch (java.io.IOException e) {
                    return "";
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(banner).isEqualTo("Lab model serving the Ollama API at http://127.0.0.1:" + port
                    + " (OpenAI API at http://127.0.0.1:" + port + "/v1)");

            HttpResponse<String> tags = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/tags")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tags.body()).contains("\"qwen2.5:0.5b\"", "\"llama3.2:1b\"", "\"all-minilm:latest\"",
                    "\"nomic-embed-text:latest\"");

            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
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
}
