package dev.labkit.runner.modelserver;

import static dev.labkit.runner.modelserver.ModelServerFixture.CHAT_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.checks.sdk.Message;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client matrix (ClientMatrixTests, docs/client-matrix.md) found on the wire: requests
 * real client libraries send that the lab model must read as Ollama does, and, where a library
 * has a bug of its own, our side of the wire, right per Ollama 0.12.6, so that the bug is the
 * library's.
 */
class ClientMatrixWireTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 1x1 PNG, base64, as clients send it. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

    private final ModelServerFixture model = new ModelServerFixture();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        model.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(model.uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anImageUrlGivenAsAStringIsReadAsOllamaReadsIt() throws Exception {
        // LangChain JS's ChatOpenAI passes {"type": "image_url", "image_url": "data:..."} on as it is.
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What does the picture show?"},
                  {"type": "image_url", "image_url": "data:image/png;base64,%s"}]}]}""".formatted(CHAT_MODEL, PNG));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Message user = model.traffic.requests().get(0).messages().get(0);
        assertThat(user.content()).isEqualTo("What does the picture show?");
        assertThat(user.images()).containsExactly(PNG);
    }

    @Test
    void anImageOnlyUserMessageRightAfterTheTextIsRecordedAsPartOfThatTurn() throws Exception {
        // LangChain JS's ChatOllama sends one human message with text and image as two user messages.
        HttpResponse<String> response = post("/api/chat", """
                {"model": "%s", "stream": false, "messages": [
                  {"role": "system", "content": "You are Sprout. The picture shows a red square."},
                  {"role": "user", "content": "What does the picture show?"},
                  {"role": "user", "content": "", "images": ["%s"]}]}""".formatted(CHAT_MODEL, PNG));

        assertThat(JSON.readTree(response.body()).path("message").path("content").asText())
                .as("the default answer to a turn with an image: the image described")
                .startsWith("I am the lab model and cannot see images").contains("PNG of 1x1 pixels");
        List<Message> messages = model.traffic.requests().get(0).messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).content()).isEqualTo("What does the picture show?");
        assertThat(messages.get(1).images()).containsExactly(PNG);
    }

    @Test
    void anUnknownModelIsAnsweredWithOllamasErrorBody() throws Exception {
        // ollama-ai-provider-v2 reads only {"error": {"message"}} and shows "Not Found" instead (its bug).
        HttpResponse<String> response = post("/api/chat", """
                {"model": "no-such-model:7b", "messages": [{"role": "user", "content": "Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"error\":\"model 'no-such-model:7b' not found\"}"));
    }

    @Test
    void aStreamedGenerateCarriesContextOnItsLastLineOnlyAsOllamaDoes() throws Exception {
        // ollama-ai-provider-v2 requires context on every line and so drops every text line (its bug).
        HttpResponse<String> response = post("/api/generate", """
                {"model": "%s", "prompt": "What does basil like?\\n\\nBasil likes warm sun."}""".formatted(CHAT_MODEL));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode last = lines.remove(lines.size() - 1);
        assertThat(lines).as(response.body()).isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("context")).as("context on a line before the last: " + line).isFalse());
        assertThat(last.path("done").asBoolean()).as(last.toString()).isTrue();
        assertThat(last.path("context").isArray() && !last.path("context").isEmpty()).as("context: " + last).isTrue();
        last.path("context").forEach(token -> assertThat(token.isInt()).as("a token id: " + token).isTrue());
    }
}
