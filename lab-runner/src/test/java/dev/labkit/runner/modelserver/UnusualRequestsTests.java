package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A guard for the kind of fault the lab model had (a 500 {@code lab model fault} for a request
 * Ollama answers): every endpoint gets its usual body with each field left out, set to null, or
 * set to a value of every JSON type, and with unusual conversations (no messages, a system prompt
 * alone, tool turns, images, content null). None may answer a 5xx; a bad body is a 400 that says why.
 */
class UnusualRequestsTests {

    private static final List<String> VALUES = List.of("null", "\"\"", "\"text\"", "0", "3", "-1", "true", "[]",
            "[\"a\"]", "{}");

    /** Usual bodies, one per endpoint, each field of which is varied. */
    private static final Map<String, String> USUAL = new LinkedHashMap<>();

    static {
        USUAL.put("/api/chat", "{\"model\":\"qwen3:0.6b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":false,\"format\":\"json\",\"options\":{\"num_predict\":5,\"temperature\":0},"
                + "\"keep_alive\":\"5m\",\"think\":true,\"tools\":[],\"truncate\":true}");
        USUAL.put("/api/generate", "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"hi\",\"system\":\"s\",\"stream\":false,"
                + "\"raw\":false,\"images\":[],\"context\":[1,2],\"options\":{\"num_predict\":5},\"keep_alive\":0,"
                + "\"format\":{\"type\":\"object\"},\"suffix\":\"\",\"template\":\"\"}");
        USUAL.put("/api/embed", "{\"model\":\"nomic-embed-text\",\"input\":[\"a\",\"\"],\"truncate\":true,"
                + "\"dimensions\":8,\"options\":{\"num_ctx\":64},\"keep_alive\":\"1m\"}");
        USUAL.put("/api/embeddings", "{\"model\":\"all-minilm\",\"prompt\":\"a\",\"options\":{},\"keep_alive\":1}");
        USUAL.put("/v1/chat/completions", "{\"model\":\"qwen2.5:0.5b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":5,\"temperature\":0.2,"
                + "\"response_format\":{\"type\":\"json_object\"},\"tools\":[],\"stop\":[\"x\"],\"seed\":1,"
                + "\"reasoning_effort\":\"none\"}");
        USUAL.put("/v1/completions", "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"hi\",\"max_tokens\":5,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"suffix\":\"\",\"stop\":\"x\",\"temperature\":0.5}");
        USUAL.put("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\","
                + "\"dimensions\":16}");
    }

    /** Conversations apps send, in Ollama's and in OpenAI's shapes. */
    private static final List<String> CONVERSATIONS = List.of(
            "[]",
            "[{\"role\":\"system\",\"content\":\"You are Sprout.\"}]",
            "[{\"role\":\"assistant\",\"content\":\"Hello.\"}]",
            "[{\"role\":\"tool\",\"content\":\"21 C\"}]",
            "[{\"role\":\"user\",\"content\":null}]",
            "[{\"role\":\"user\"}]",
            "[{\"content\":\"no role\"}]",
            "[{\"role\":\"USER\",\"content\":\"Shouting role\"}]",
            "[{\"role\":\"user\",\"content\":\"\"}]",
            "[{\"role\":\"user\",\"content\":\"look\",\"images\":[]}]",
            "[{\"role\":\"user\",\"content\":\"look\",\"images\":[\"aGVsbG8=\"]}]",
            "[{\"role\":\"user\",\"content\":\"look\",\"images\":null}]",
            "[{\"role\":\"user\",\"content\":\"w\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lyon\"}}}]},{\"role\":\"tool\",\"content\":\"21 C\"}]",
            "[{\"role\":\"user\",\"content\":\"w\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"21 C\"}]",
            "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image_url\","
                    + "\"image_url\":{\"url\":\"data:image/png;base64,aGVsbG8=\"}}]}]",
            "[{\"role\":\"user\",\"content\":[]}]",
            "[null]",
            "[\"hi\"]");

    private final ModelServerFixture model = new ModelServerFixture(Set.of("qwen2.5:0.5b", "qwen3:0.6b"),
            Set.of("all-minilm", "nomic-embed-text"));

    @AfterEach
    void stop() {
        model.close();
    }

    @Test
    void noBodyOfAnyShapeGetsA5xxAndEveryRefusalSaysWhy() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (Map.Entry<String, String> usual : USUAL.entrySet()) {
            ObjectNode body = (ObjectNode) ModelServerFixture.JSON.readTree(usual.getValue());
            bodies.add(usual.getKey() + " " + body);
            for (String field : (Iterable<String>) body::fieldNames) {
                ObjectNode without = body.deepCopy();
                without.remove(field);
                bodies.add(usual.getKey() + " " + without);
                for (String value : VALUES) {
                    ObjectNode changed = body.deepCopy();
                    changed.set(field, ModelServerFixture.JSON.readTree(value));
                    bodies.add(usual.getKey() + " " + changed);
                }
            }
        }
        for (String endpoint : List.of("/api/chat", "/v1/chat/completions")) {
            for (String conversation : CONVERSATIONS) {
                for (String stream : List.of("true", "false")) {
                    bodies.add(endpoint + " {\"model\":\"qwen2.5:0.5b\",\"stream\":" + stream + ",\"messages\":"
                            + conversation + "}");
                }
            }
        }

        List<String> faults = new ArrayList<>();
        for (String request : bodies) {
            int space = request.indexOf(' ');
            HttpResponse<String> response = model.post(request.substring(0, space), request.substring(space + 1));
            if (response.statusCode() >= 500) {
                faults.add(request + "\n  -> " + response.statusCode() + " " + response.body());
            } else if (response.statusCode() >= 400) {
                JsonNode error = ModelServerFixture.JSON.readTree(response.body()).path("error");
                String message = error.isObject() ? error.path("message").asText() : error.asText();
                if (message.isBlank() || message.contains("Exception")) {
                    faults.add(request + "\n  -> " + response.statusCode() + " without a reason: " + response.body());
                }
            }
        }
        assertThat(faults).as("%d of %d requests were not answered as Ollama would:%n%s", faults.size(), bodies.size(),
                String.join("\n", faults)).isEmpty();
        assertThat(bodies).hasSizeGreaterThan(400);
    }
}
