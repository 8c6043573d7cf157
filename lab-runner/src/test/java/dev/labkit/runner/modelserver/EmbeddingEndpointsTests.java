package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedding endpoints, over real HTTP: empty inputs (never a 500), OpenAI's base64 encoding,
 * {@code dimensions}, {@code truncate}, and each model's real vector length.
 */
class EmbeddingEndpointsTests {

    private final ModelServerFixture model = new ModelServerFixture(Set.of(ModelServerFixture.CHAT_MODEL),
            Set.of("all-minilm", "nomic-embed-text", "mxbai-embed-large", "snowflake-arctic-embed:22m", "bge-m3",
                    "my-own-embedder"));

    @AfterEach
    void stop() {
        model.close();
    }

    private float[] embed(String modelName, String input) throws Exception {
        return floats(model.postJson("/api/embed", "{\"model\":\"" + modelName + "\",\"input\":"
                + ModelServerFixture.JSON.writeValueAsString(input) + "}").path("embeddings").get(0));
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void anEmptyStringInputEmbedsNothingAsOllamaDoes() throws Exception {
        HttpResponse<String> response = model.post("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"model\":\"all-minilm\",\"embeddings\":[]}");
        assertThat(model.post("/api/embed", "{\"model\":\"all-minilm\"}").body())
                .isEqualTo("{\"model\":\"all-minilm\",\"embeddings\":[]}");
        assertThat(model.post("/api/embed", "{\"model\":\"all-minilm\",\"input\":[]}").body())
                .isEqualTo("{\"model\":\"all-minilm\",\"embeddings\":[]}");
    }

    @Test
    void blankStringsInAListAreEmbeddedLikeATextWithNoWords() throws Exception {
        JsonNode answer = model.postJson("/api/embed", "{\"model\":\"all-minilm\",\"input\":[\"\",\"   \",\"rose\",\"\\u0000\"]}");

        JsonNode vectors = answer.path("embeddings");
        assertThat(vectors).hasSize(4);
        assertThat(floats(vectors.get(3))).containsExactly(floats(vectors.get(0)));
        float[] empty = floats(vectors.get(0));
        assertThat(empty).hasSize(384);
        assertThat(dot(empty, empty)).isCloseTo(1.0, within(1e-4));
        assertThat(floats(vectors.get(1))).containsExactly(empty);
        assertThat(dot(empty, floats(vectors.get(2)))).isLessThan(0.99);
    }

    @Test
    void aTextWithNoWordsIsOnlyTheTokenizersSpecialTokens() throws Exception {
        // Why the vector of "" is computed from [CLS] [SEP]: the model's own tokenizer gives nothing else.
        try (InputStream json = AllMiniLmL6V2QuantizedEmbeddingModel.class
                .getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json");
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of())) {
            assertThat(tokenizer.encode("", true, false).getTokens()).containsExactly("[CLS]", "[SEP]");
            for (String noWords : new String[] {" \n\t", "\u0000", "\u200b\u0301", "\ufffd\u00a0"}) {
                assertThat(Embeddings.noWords(noWords)).isTrue();
                assertThat(tokenizer.encode(noWords, true, false).getTokens()).as("%s", noWords.codePoints().toArray())
                        .containsExactly("[CLS]", "[SEP]");
            }
            assertThat(Embeddings.noWords("é")).isFalse();
        }
    }

    @Test
    void theLegacyEndpointAnswersAnEmptyPromptWithAnEmptyEmbedding() throws Exception {
        HttpResponse<String> response = model.post("/api/embeddings", "{\"model\":\"all-minilm\",\"prompt\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"embedding\":[]}");
    }

    @Test
    void openAiEmbeddingsOfAnEmptyStringIsOneVector() throws Exception {
        JsonNode answer = model.postJson("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":\"\"}");

        assertThat(answer.path("data")).hasSize(1);
        assertThat(answer.path("data").get(0).path("embedding")).hasSize(384);
        assertThat(model.post("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":[]}").statusCode()).isEqualTo(400);
        assertThat(model.postJson("/v1/embeddings", "{\"model\":\"all-minilm\"}").path("error").path("message").asText())
                .isEqualTo("invalid input");
    }

    @Test
    void openAiEmbeddingsAnswerBase64OfLittleEndianFloatsWhenAsked() throws Exception {
        String request = "{\"model\":\"all-minilm\",\"input\":[\"rose\",\"tulip\"]";
        JsonNode floats = model.postJson("/v1/embeddings", request + ",\"encoding_format\":\"float\"}");
        JsonNode base64 = model.postJson("/v1/embeddings", request + ",\"encoding_format\":\"base64\"}");

        for (int i = 0; i < 2; i++) {
            String encoded = base64.path("data").get(i).path("embedding").asText();
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(decoded);
            assertThat(decoded).containsExactly(floats(floats.path("data").get(i).path("embedding")));
        }
        assertThat(model.postJson("/v1/embeddings", request + "}").path("data").get(0).path("embedding").isArray()).isTrue();
    }

    @Test
    void anotherEncodingFormatIsAnOpenAiError() throws Exception {
        HttpResponse<String> response = model.post("/v1/embeddings",
                "{\"model\":\"all-minilm\",\"input\":\"rose\",\"encoding_format\":\"int8\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = ModelServerFixture.JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText())
                .isEqualTo("Invalid value for 'encoding_format' = int8. Supported values: ['float', 'base64'].");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void dimensionsCutTheVectorAndNormaliseItAgain() throws Exception {
        float[] whole = embed("all-minilm", "rose");
        JsonNode answer = model.postJson("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"rose\",\"dimensions\":64}");

        float[] cut = floats(answer.path("embeddings").get(0));
        assertThat(cut).hasSize(64);
        assertThat(dot(cut, cut)).isCloseTo(1.0, within(1e-4));
        double scale = cut[0] / whole[0];
        for (int i = 0; i < 64; i++) {
            assertThat((double) cut[i]).isCloseTo(whole[i] * scale, within(1e-4));
        }
        assertThat(model.postJson("/v1/embeddings", "{\"model\":\"all-minilm\",\"input\":\"rose\",\"dimensions\":32}")
                .path("data").get(0).path("embedding")).hasSize(32);
        assertThat(model.postJson("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"rose\",\"dimensions\":4096}")
                .path("embeddings").get(0)).hasSize(384);
    }

    @Test
    void anInputOverTheContextIsCutByDefaultAndRefusedWithTruncateFalse() throws Exception {
        String words = "tomato ".repeat(600) + "zucchini";
        HttpResponse<String> refused = model.post("/api/embed", "{\"model\":\"all-minilm\",\"truncate\":false,\"input\":\""
                + words + "\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(ModelServerFixture.JSON.readTree(refused.body()).path("error").asText())
                .isEqualTo("input exceeds maximum context length");
        // Cut to all-minilm's 512 tokens: the words after the cut do not change the vector.
        assertThat(embed("all-minilm", words)).containsExactly(embed("all-minilm", "tomato ".repeat(512).strip()));
        assertThat(model.post("/api/embed", "{\"model\":\"nomic-embed-text\",\"truncate\":false,\"input\":\""
                + words + "\"}").statusCode()).isEqualTo(200);
        assertThat(model.post("/api/embed", "{\"model\":\"nomic-embed-text\",\"truncate\":false,\"input\":\""
                + words + "\",\"options\":{\"num_ctx\":100}}").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}: {1} dimensions, {2} tokens of context")
    @CsvSource({"all-minilm, 384, 512, bert", "nomic-embed-text, 768, 2048, nomic-bert",
            "mxbai-embed-large, 1024, 512, bert", "snowflake-arctic-embed:22m, 384, 512, bert", "bge-m3, 1024, 8192, bert",
            "my-own-embedder, 384, 512, bert"})
    void eachEmbeddingModelAnswersWithItsRealLengthAndShowSaysTheSame(String name, int dimensions, int context,
            String architecture) throws Exception {
        float[] vector = embed(name, "How do I grow tomatoes?");
        float[] minilm = embed("all-minilm", "How do I grow tomatoes?");

        assertThat(vector).hasSize(dimensions);
        // The same all-MiniLM vector, zero-padded: cosines between padded vectors are unchanged.
        assertThat(dot(vector, minilm)).isCloseTo(1.0, within(1e-4));
        assertThat(model.postJson("/v1/embeddings", "{\"model\":\"" + name + "\",\"input\":\"rose\"}")
                .path("data").get(0).path("embedding")).hasSize(dimensions);
        assertThat(model.postJson("/api/embeddings", "{\"model\":\"" + name + "\",\"prompt\":\"rose\"}")
                .path("embedding")).hasSize(dimensions);
        JsonNode show = model.postJson("/api/show", "{\"model\":\"" + name + "\"}");
        assertThat(show.path("capabilities")).extracting(JsonNode::asText).containsExactly("embedding");
        assertThat(show.path("model_info").path("general.architecture").asText()).isEqualTo(architecture);
        assertThat(show.path("model_info").path(architecture + ".embedding_length").asInt()).isEqualTo(dimensions);
        assertThat(show.path("model_info").path(architecture + ".context_length").asInt()).isEqualTo(context);
    }

    @Test
    void aPulledEmbeddingModelTakesItsProfileFromTheLibrary() throws Exception {
        model.post("/api/pull", "{\"model\":\"embeddinggemma\",\"stream\":false}");

        assertThat(embed("embeddinggemma", "rose")).hasSize(768);
        assertThat(model.postJson("/api/show", "{\"model\":\"embeddinggemma\"}").path("model_info")
                .path("gemma3.embedding_length").asInt()).isEqualTo(768);
    }

    @Test
    void badInputsAreOllamaErrorsNotFaults() throws Exception {
        for (String input : new String[] {"42", "[\"rose\", 42]", "{\"text\":\"rose\"}", "[[1,2,3]]"}) {
            HttpResponse<String> response = model.post("/api/embed", "{\"model\":\"all-minilm\",\"input\":" + input + "}");
            assertThat(response.statusCode()).as(input).isEqualTo(400);
            assertThat(ModelServerFixture.JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid input type");
        }
        assertThat(model.postJson("/api/embed", "{\"model\":\"no-such-embedder\",\"input\":\"x\"}").path("error").asText())
                .isEqualTo("model \"no-such-embedder\" not found, try pulling it first");
    }
}
