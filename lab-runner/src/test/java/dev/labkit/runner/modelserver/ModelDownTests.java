package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.Reply;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ModelScript.goDown()}: the whole lab model answers nothing, as a crashed Ollama, on every path,
 * to clients that already hold a connection too; {@code comeBack()} and {@code clear()} restore it at once.
 */
class ModelDownTests {

    private static final String CHAT = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":false,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    /** Every kind of path: Ollama's, OpenAI's (audio too), the root, and one that does not exist. */
    private static final List<String[]> REQUESTS = List.of(
            new String[] {"GET", "/api/version", null}, new String[] {"GET", "/api/tags", null},
            new String[] {"GET", "/", null}, new String[] {"HEAD", "/", null},
            new String[] {"POST", "/api/chat", CHAT}, new String[] {"POST", "/api/embed",
                    "{\"model\":\"all-minilm\",\"input\":[\"a\"]}"},
            new String[] {"POST", "/v1/chat/completions", CHAT}, new String[] {"GET", "/v1/models", null},
            new String[] {"POST", "/v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"},
            new String[] {"GET", "/no/such/path", null});

    private final ModelServerFixture model = new ModelServerFixture();
    /** One client for the whole test: it keeps its connections open between requests, as an app's does. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        model.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(model.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileDownEveryRequestOnEveryPathHasItsConnectionClosedAndNothingIsRecorded() throws Exception {
        assertThat(send("GET", "/api/version", null).statusCode()).as("up before").isEqualTo(200);

        model.script.goDown();

        assertThat(model.script.isDown()).isTrue();
        for (String[] request : REQUESTS) {
            assertThatThrownBy(() -> send(request[0], request[1], request[2]))
                    .as(request[0] + " " + request[1] + " while down").isInstanceOf(IOException.class);
        }
        assertThat(model.traffic.requests()).isEmpty();
        assertThat(model.traffic.exchanges()).isEmpty();
    }

    @Test
    void comeBackAnswersAtOnceAgain() throws Exception {
        model.script.onChat().reply("Back.");
        model.script.goDown();
        assertThatThrownBy(() -> send("GET", "/api/version", null)).isInstanceOf(IOException.class);

        model.script.comeBack();

        HttpResponse<String> version = send("GET", "/api/version", null);
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).contains("\"version\"");
        assertThat(send("POST", "/api/chat", CHAT).statusCode()).isEqualTo(200);
        assertThat(model.traffic.chatRequests()).hasSize(1);
    }

    @Test
    void clearBringsItBackAndKeepsNoRule() throws Exception {
        model.script.onChat().then(Reply.failure(503));
        model.script.goDown();

        model.script.clear();

        assertThat(model.script.isDown()).isFalse();
        assertThat(send("GET", "/api/tags", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/chat", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void langchain4jSeesAnErrorWhileDownAndAnAnswerOnceBack() {
        OllamaChatModel ollama = OllamaChatModel.builder().baseUrl(model.baseUrl()).modelName(CHAT_MODEL)
                .timeout(Duration.ofSeconds(10)).maxRetries(0).build();
        model.script.goDown();

        assertThatThrownBy(() -> ollama.chat(UserMessage.from("Hello"))).isInstanceOf(RuntimeException.class);

        model.script.comeBack();
        model.script.onChat().reply("Hello again.");
        assertThat(ollama.chat(UserMessage.from("Hello")).aiMessage().text()).isEqualTo("Hello again.");
    }
}
