package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The endpoints that describe models rather than run them: {@code /api/version}, {@code
 * /api/tags}, {@code /api/show}, {@code /api/ps}, {@code /api/pull} and OpenAI's {@code /v1/models}.
 */
final class OllamaInfo {

    /** The Ollama version the lab model follows (tools with ids, JSON-schema {@code format}). */
    static final String VERSION = "0.12.6";

    /** Sizes a real pull of the usual lab models would download, so progress looks like Ollama's. */
    private static final Map<String, Long> KNOWN_SIZES = Map.of(
            "qwen2.5:0.5b", 397_821_319L, "qwen3:0.6b", 522_653_767L, "llama3.2:1b", 1_321_098_329L,
            "all-minilm:latest", 45_960_996L, "nomic-embed-text:latest", 274_302_450L);
    private static final long DEFAULT_SIZE = 64L << 20;

    /** How often a simulated download reports progress. */
    private static final long PROGRESS_EVERY_MS = 100;

    private final ModelCatalog catalog;
    private final double pullMegabytesPerSecond;
    private final Instant modifiedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** @param pullMegabytesPerSecond the simulated download speed of a pull; 0 for instant */
    OllamaInfo(ModelCatalog catalog, double pullMegabytesPerSecond) {
        this.catalog = catalog;
        this.pullMegabytesPerSecond = pullMegabytesPerSecond;
    }

    void version(HttpExchange exchange) throws IOException {
        Wire.sendJson(exchange, 200, Wire.object().put("version", VERSION));
    }

    void tags(HttpExchange exchange) throws IOException {
        ObjectNode body = Wire.object();
        ArrayNode models = body.putArray("models");
        catalog.all().forEach((name, kind) -> describe(models.addObject(), name, kind)
                .put("modified_at", Wire.timestamp(modifiedAt)));
        Wire.sendJson(exchange, 200, body);
    }

    void ps(HttpExchange exchange) throws IOException {
        ObjectNode body = Wire.object();
        ArrayNode models = body.putArray("models");
        Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(5, ChronoUnit.MINUTES);
        catalog.all().forEach((name, kind) -> describe(models.addObject(), name, kind)
                .put("expires_at", Wire.timestamp(expires)).put("size_vram", 0));
        Wire.sendJson(exchange, 200, body);
    }

    /** Ollama prefers {@code model}; langchain4j sends {@code name}. */
    void show(HttpExchange exchange, JsonNode request) throws IOException {
        String name = modelName(request);
        var kind = catalog.kindOf(name);
        if (kind.isEmpty()) {
            Wire.sendJson(exchange, 404, Wire.error(notFound(name)));
            return;
        }
        String full = ModelCatalog.withTag(name);
        ObjectNode body = Wire.object()
                .put("license", "")
                .put("modelfile", "# The LabKit lab model standing in for " + full + "\nFROM " + full + "\n")
                .put("parameters", "")
                .put("template", "{{ .Prompt }}");
        body.set("details", details(kind.get()));
        ObjectNode info = body.putObject("model_info").put("general.architecture", "labkit")
                .put("general.parameter_count", 0);
        ArrayNode capabilities = body.putArray("capabilities");
        if (kind.get() == ModelCatalog.Kind.EMBEDDING) {
            info.put("labkit.embedding_length", Embeddings.DIMENSIONS).put("labkit.context_length", 512);
            capabilities.add("embedding");
        } else {
            info.put("labkit.context_length", 32_768);
            capabilities.add("completion").add("tools");
        }
        body.put("modified_at", Wire.timestamp(modifiedAt));
        Wire.sendJson(exchange, 200, body);
    }

    /**
     * Nothing is downloaded: the model joins the catalog and the progress lines a real pull writes
     * are sent, so clients that pull before use work offline. They come at once, or, with a
     * simulated speed, paced as a download of the model's real size would be (to rehearse a slow
     * classroom network, and to measure what a cached model saves).
     */
    void pull(HttpExchange exchange, JsonNode request) throws IOException {
        String name = modelName(request);
        if (name.isBlank()) {
            Wire.sendJson(exchange, 400, Wire.error("model is required"));
            return;
        }
        catalog.pull(name);
        if (!request.path("stream").asBoolean(true)) {
            Wire.sendJson(exchange, 200, Wire.object().put("status", "success"));
            return;
        }
        String full = ModelCatalog.withTag(name);
        String digest = ModelCatalog.digest(full);
        long total = KNOWN_SIZES.getOrDefault(full, DEFAULT_SIZE);
        try (OutputStream out = Wire.startStream(exchange, OllamaAnswers.NDJSON)) {
            Wire.writeLine(out, Wire.object().put("status", "pulling manifest"));
            long millis = pullMegabytesPerSecond == 0 ? 0 : Math.round(total / 1e6 / pullMegabytesPerSecond * 1000);
            int steps = (int) Math.max(4, millis / PROGRESS_EVERY_MS);
            for (int step = 0; step <= steps; step++) {
                if (step > 0 && millis > 0) {
                    pause(millis / steps);
                }
                Wire.writeLine(out, Wire.object().put("status", "pulling " + digest.substring(0, 12))
                        .put("digest", "sha256:" + digest).put("total", total).put("completed", total * step / steps));
            }
            Wire.writeLine(out, Wire.object().put("status", "verifying sha256 digest"));
            Wire.writeLine(out, Wire.object().put("status", "writing manifest"));
            Wire.writeLine(out, Wire.object().put("status", "success"));
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pulling", e);
        }
    }

    void openAiModels(HttpExchange exchange) throws IOException {
        ObjectNode body = Wire.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        long created = modifiedAt.getEpochSecond();
        catalog.all().keySet().forEach(name -> data.addObject().put("id", name).put("object", "model")
                .put("created", created).put("owned_by", "library"));
        Wire.sendJson(exchange, 200, body);
    }

    static String modelName(JsonNode request) {
        String model = request.path("model").asText("");
        return model.isBlank() ? request.path("name").asText("") : model;
    }

    static String notFound(String name) {
        return "model '" + name + "' not found";
    }

    private ObjectNode describe(ObjectNode model, String name, ModelCatalog.Kind kind) {
        model.put("name", name).put("model", name)
                .put("size", KNOWN_SIZES.getOrDefault(name, DEFAULT_SIZE))
                .put("digest", ModelCatalog.digest(name));
        model.set("details", details(kind));
        return model;
    }

    private static ObjectNode details(ModelCatalog.Kind kind) {
        boolean embedding = kind == ModelCatalog.Kind.EMBEDDING;
        ObjectNode details = Wire.object().put("parent_model", "").put("format", "gguf")
                .put("family", embedding ? "bert" : "labkit");
        details.putArray("families").add(embedding ? "bert" : "labkit");
        return details.put("parameter_size", embedding ? "23M" : "0B").put("quantization_level", "Q8_0");
    }
}
