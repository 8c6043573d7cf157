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
        catalog.all().keySet().forEach(name -> describe(models.addObject(), name)
                .put("modified_at", Wire.timestamp(modifiedAt)));
        Wire.sendJson(exchange, 200, body);
    }

    void ps(HttpExchange exchange) throws IOException {
        ObjectNode body = Wire.object();
        ArrayNode models = body.putArray("models");
        Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(5, ChronoUnit.MINUTES);
        catalog.all().keySet().forEach(name -> describe(models.addObject(), name)
                .put("expires_at", Wire.timestamp(expires)).put("size_vram", 0));
        Wire.sendJson(exchange, 200, body);
    }

    /**
     * Ollama prefers {@code model}; langchain4j sends {@code name}. What it says (architecture,
     * context and embedding length, capabilities) is what the lab model answers by ({@link ModelProfile}).
     */
    void show(HttpExchange exchange, JsonNode request) throws IOException {
        String name = modelName(request);
        if (name.isBlank()) {
            Wire.sendJson(exchange, 400, Wire.error("model is required"));
            return;
        }
        var profile = catalog.profileOf(name);
        if (profile.isEmpty()) {
            Wire.sendJson(exchange, 404, Wire.error(notFound(name)));
            return;
        }
        ModelProfile model = profile.get();
        String full = ModelCatalog.withTag(name);
        ObjectNode body = Wire.object()
                .put("license", "")
                .put("modelfile", "# The LabKit lab model standing in for " + full + "\nFROM " + full + "\n")
                .put("parameters", "")
                .put("template", "{{ .Prompt }}");
        body.set("details", details(model));
        String architecture = model.architecture();
        body.putObject("model_info").put("general.architecture", architecture)
                .put("general.parameter_count", parameterCount(model.parameterSize()))
                .put(architecture + ".context_length", model.contextLength())
                .put(architecture + ".embedding_length", model.embeddingLength());
        ArrayNode capabilities = body.putArray("capabilities");
        model.capabilityList().forEach(capabilities::add);
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
        catalog.all().keySet().forEach(name -> openAiModel(data.addObject(), name));
        Wire.sendJson(exchange, 200, body);
    }

    /** {@code GET /v1/models/{model}}: the model as the list shows it, or a 404 in OpenAI's error shape. */
    void openAiModel(HttpExchange exchange, String name) throws IOException {
        if (catalog.kindOf(name).isEmpty()) {
            // Ollama answers /api/show's error through its OpenAI writer (middleware/openai.go writeError).
            Wire.sendJson(exchange, 404, OpenAiAnswers.error(notFound(name), "api_error"));
            return;
        }
        Wire.sendJson(exchange, 200, openAiModel(Wire.object(), name));
    }

    /** {@code owned_by} is the name's namespace, {@code library} for Ollama's own models (openai.go ToModel). */
    private ObjectNode openAiModel(ObjectNode model, String name) {
        String[] parts = name.split("/");
        return model.put("id", name).put("object", "model").put("created", modifiedAt.getEpochSecond())
                .put("owned_by", parts.length >= 2 ? parts[parts.length - 2] : "library");
    }

    static String modelName(JsonNode request) {
        String model = request.path("model").asText("");
        return model.isBlank() ? request.path("name").asText("") : model;
    }

    static String notFound(String name) {
        return "model '" + name + "' not found";
    }

    private ObjectNode describe(ObjectNode model, String name) {
        model.put("name", name).put("model", name)
                .put("size", KNOWN_SIZES.getOrDefault(name, DEFAULT_SIZE))
                .put("digest", ModelCatalog.digest(name));
        catalog.profileOf(name).ifPresent(profile -> model.set("details", details(profile)));
        return model;
    }

    private static ObjectNode details(ModelProfile model) {
        ObjectNode details = Wire.object().put("parent_model", "").put("format", "gguf")
                .put("family", model.architecture());
        details.putArray("families").add(model.architecture());
        return details.put("parameter_size", model.parameterSize()).put("quantization_level", "Q8_0");
    }

    /** {@code 137M} is 137,000,000; 0 when unknown. */
    private static long parameterCount(String size) {
        if (size.isEmpty()) {
            return 0;
        }
        double count = Double.parseDouble(size.substring(0, size.length() - 1));
        return Math.round(count * (size.endsWith("B") ? 1e9 : 1e6));
    }
}
