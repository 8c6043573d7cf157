package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.ModelRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * A request as the lab model read it: the normalised {@link ModelRequest} that checks see and that
 * is recorded, and the settings that only change how it is answered.
 *
 * @param request what is recorded
 * @param generation how to generate (chat, generate and completion requests)
 * @param embedding how to embed (embedding requests)
 */
record ModelCall(ModelRequest request, Generation generation, EmbeddingSettings embedding) {

    /**
     * @param maxTokens the most tokens to generate ({@code num_predict}, {@code max_tokens},
     *     {@code max_completion_tokens}); 0 or less for no limit, as Ollama reads {@code num_predict}
     * @param think the {@code think} value as sent: {@code true}, {@code false} or a level
     *     ({@code high}, {@code medium}, {@code low}); empty when not sent
     * @param unload {@code keep_alive} is zero: with nothing to generate, the model is unloaded
     * @param includeUsage an OpenAI stream ends with a usage-only chunk ({@code stream_options.include_usage})
     * @param raw {@code /api/generate}'s {@code raw}: no template, and no {@code context} in the answer
     * @param suffix {@code /api/generate}'s {@code suffix} (needs the {@code insert} capability), or ""
     */
    record Generation(int maxTokens, Optional<String> think, boolean unload, boolean includeUsage, boolean raw,
            String suffix) {

        static final Generation NONE = new Generation(0, Optional.empty(), false, false, false, "");

        /** Whether the request turns thinking on ({@code true} or a level). */
        boolean thinkAsked() {
            return think.isPresent() && !think.get().equals("false");
        }

        /** Whether {@code think} is a level rather than a boolean. */
        boolean thinkLevel() {
            return think.isPresent() && !think.get().equals("true") && !think.get().equals("false");
        }
    }

    /**
     * @param truncate cut an input longer than the model's context (Ollama's default) rather than refuse it
     * @param dimensions the vector length asked for; 0 for the model's own
     * @param base64 answer each vector as base64 of little-endian float32 ({@code encoding_format: "base64"})
     * @param contextLimit {@code options.num_ctx}, which can only lower the model's context; 0 when not sent
     */
    record EmbeddingSettings(boolean truncate, int dimensions, boolean base64, int contextLimit) {

        static final EmbeddingSettings NONE = new EmbeddingSettings(true, 0, false, 0);

        /** The context an input may fill: the model's, or less with {@code num_ctx} (Ollama takes the smaller). */
        int contextOf(ModelProfile profile) {
            return contextLimit > 0 ? Math.min(contextLimit, profile.contextLength()) : profile.contextLength();
        }
    }

    /** The same call as the {@code number}-th request of the check, received {@code at}. */
    ModelCall numbered(int number, Instant at) {
        ModelRequest r = request;
        return new ModelCall(new ModelRequest(number, at, r.api(), r.endpoint(), r.kind(), r.model(), r.messages(),
                r.tools(), r.stream(), r.options(), r.format(), r.audio()), generation, embedding);
    }

    static ModelCall generating(ModelRequest request, Generation generation) {
        return new ModelCall(request, generation, EmbeddingSettings.NONE);
    }

    static ModelCall embedding(ModelRequest request, EmbeddingSettings embedding) {
        return new ModelCall(request, Generation.NONE, embedding);
    }
}
