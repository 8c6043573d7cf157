package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The errors Ollama 0.12.6 answers before it generates or embeds anything, with its statuses and
 * messages, checked in its order (server/routes.go {@code ChatHandler}, {@code GenerateHandler},
 * {@code EmbedHandler}; server/images.go {@code CheckCapabilities}).
 */
final class Refusals {

    /** A refusal: the status and message to answer, and what the recorder calls it. */
    record Refusal(int status, String message, String rule) {}

    private Refusals() {}

    /** The answer for a model name the server does not have; it depends on the endpoint, as in Ollama. */
    static Refusal unknownModel(ModelRequest request) {
        String model = request.model();
        boolean embedding = request.isEmbedding();
        if (model.isBlank()) {
            // /api/generate looks the empty name up and fails; the others ask for one.
            return "generate".equals(request.kind())
                    ? new Refusal(404, OllamaInfo.notFound(""), "no such model")
                    : new Refusal(400, "model is required", "no model named");
        }
        // Embedding endpoints fail when scheduling the model (handleScheduleError), the others on lookup.
        return new Refusal(404, embedding ? "model \"" + model + "\" not found, try pulling it first"
                : OllamaInfo.notFound(model), "no such model");
    }

    /**
     * Why {@code profile}'s model refuses {@code call}, if it does.
     *
     * @param checkGeneration whether to check what only matters to the lab model's own answers
     *     (capabilities, thinking, format); false when a real model will answer and check them itself
     */
    static Optional<Refusal> of(ModelCall call, ModelProfile profile, boolean checkGeneration) {
        ModelRequest request = call.request();
        if (request.isEmbedding()) {
            return tooLong(call, profile);
        }
        boolean chat = "chat".equals(request.kind());
        if (!profile.can(ModelProfile.COMPLETION)) {
            // Asked before anything else, so that an embedding model is never sent to a real chat model.
            if (!nothingToGenerate(request) || !call.generation().unload()) {
                return refuse("\"" + request.model() + "\" does not support " + (chat ? "chat" : "generate"),
                        "embedding model asked to " + (chat ? "chat" : "generate"));
            }
        }
        if (!checkGeneration || nothingToGenerate(request) && call.generation().unload()) {
            return Optional.empty();
        }
        ModelCall.Generation generation = call.generation();
        // /api/generate checks a think level first; /api/chat after the prompt is made (after a load).
        if (!chat && levelRefused(generation, profile)) {
            return thinkValue(generation);
        }
        if (generation.thinkAsked() && !profile.can(ModelProfile.THINKING)) {
            return refuse("\"" + request.model() + "\" does not support thinking", "model cannot think");
        }
        for (var needed : List.of(Map.entry(ModelProfile.TOOLS, request.hasTools()),
                Map.entry(ModelProfile.INSERT, !generation.suffix().isEmpty()))) {
            if (needed.getValue() && !profile.can(needed.getKey())) {
                return refuse(ModelCatalog.qualified(request.model()) + " does not support " + needed.getKey(),
                        "model without " + needed.getKey());
            }
        }
        if (nothingToGenerate(request)) {
            return Optional.empty();
        }
        if (chat && levelRefused(generation, profile)) {
            return thinkValue(generation);
        }
        return format(request.format());
    }

    /**
     * Whether the request asks for nothing to be generated: a chat with no messages, a prompt that
     * is empty. Ollama then loads the model (or unloads it, with {@code keep_alive} 0) and says so.
     */
    static boolean nothingToGenerate(ModelRequest request) {
        return switch (request.kind()) {
            case "chat" -> request.messages().isEmpty();
            case "generate" -> request.lastUser().map(Message::content).orElse("").isEmpty();
            default -> false;
        };
    }

    /** A think level ("high", "medium", "low") is for gpt-oss only (its harmony parser). */
    private static boolean levelRefused(ModelCall.Generation generation, ModelProfile profile) {
        return generation.thinkLevel() && !profile.architecture().equals("gptoss");
    }

    private static Optional<Refusal> thinkValue(ModelCall.Generation generation) {
        return refuse("think value \"" + generation.think().orElse("") + "\" is not supported for this model",
                "think level not supported");
    }

    /** Ollama's {@code format}: "json", a JSON schema object, or nothing (llm/server.go {@code Completion}). */
    private static Optional<Refusal> format(Object format) {
        if (format == null || format instanceof Map || "json".equals(format) || "".equals(format)) {
            return Optional.empty();
        }
        String sent = Wire.JSON.valueToTree(format).toString();
        return refuse("invalid format: \"" + sent.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"; expected \"json\" or a valid JSON Schema object", "invalid format");
    }

    /** An input longer than the model's context with {@code truncate: false} (server/routes.go {@code EmbedHandler}). */
    private static Optional<Refusal> tooLong(ModelCall call, ModelProfile profile) {
        int context = call.embedding().contextOf(profile);
        boolean over = call.request().messages().stream().anyMatch(input -> Tokens.count(input.content()) > context);
        return over && !call.embedding().truncate()
                ? refuse("input exceeds maximum context length", "input longer than the context")
                : Optional.empty();
    }

    private static Optional<Refusal> refuse(String message, String rule) {
        return Optional.of(new Refusal(400, message, rule));
    }
}
