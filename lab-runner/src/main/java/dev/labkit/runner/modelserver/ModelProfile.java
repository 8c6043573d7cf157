package dev.labkit.runner.modelserver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the lab model says a model is and can do, and answers accordingly: {@code /api/show}'s
 * {@code capabilities} and {@code model_info}, the 400s Ollama answers for a capability a model
 * lacks, and the length of the vectors an embedding model returns.
 *
 * @param architecture Ollama's {@code general.architecture} (the prefix of the {@code model_info} keys)
 * @param parameterSize as {@code details.parameter_size} shows it, e.g. {@code 137M}
 * @param capabilities Ollama's capability names: {@code completion}, {@code tools}, {@code insert},
 *     {@code vision}, {@code embedding}, {@code thinking}
 * @param contextLength the model's context length in tokens ({@code <arch>.context_length})
 * @param embeddingLength the length of the vectors {@code /api/embed} returns for it
 *     ({@code <arch>.embedding_length}): the real model's for an embedding model; 384 for a chat model,
 *     whose embeddings the lab model computes with the same small model
 */
record ModelProfile(String architecture, String parameterSize, Set<String> capabilities, int contextLength,
        int embeddingLength) {

    static final String COMPLETION = "completion";
    static final String TOOLS = "tools";
    static final String INSERT = "insert";
    static final String VISION = "vision";
    static final String EMBEDDING = "embedding";
    static final String THINKING = "thinking";

    /** A chat model the table does not know: it chats and calls tools, as every lab's model does. */
    static final ModelProfile UNKNOWN_CHAT = chat("labkit", 32_768, COMPLETION, TOOLS);

    /** An embedding model the table does not know: all-MiniLM-L6-v2, which computes every embedding. */
    static final ModelProfile UNKNOWN_EMBEDDING = embedding("bert", "23M", 512, Embeddings.MODEL_DIMENSIONS);

    /**
     * Ollama's library models, by name or {@code name:tag} (a tag entry wins), after their library
     * pages and model cards (ollama.com/library, huggingface.co); capabilities as Ollama 0.12.6 derives
     * them (server/images.go {@code Capabilities}).
     */
    private static final Map<String, ModelProfile> LIBRARY = Map.ofEntries(
            Map.entry("all-minilm", embedding("bert", "23M", 512, 384)),
            Map.entry("nomic-embed-text", embedding("nomic-bert", "137M", 2_048, 768)),
            Map.entry("nomic-embed-text-v2-moe", embedding("nomic-bert-moe", "475M", 512, 768)),
            Map.entry("mxbai-embed-large", embedding("bert", "334M", 512, 1_024)),
            Map.entry("snowflake-arctic-embed", embedding("bert", "334M", 512, 1_024)),
            Map.entry("snowflake-arctic-embed:22m", embedding("bert", "22M", 512, 384)),
            Map.entry("snowflake-arctic-embed:33m", embedding("bert", "33M", 512, 384)),
            Map.entry("snowflake-arctic-embed:110m", embedding("bert", "109M", 512, 768)),
            Map.entry("snowflake-arctic-embed:137m", embedding("nomic-bert", "137M", 2_048, 768)),
            Map.entry("snowflake-arctic-embed2", embedding("bert", "566M", 8_192, 1_024)),
            Map.entry("bge-m3", embedding("bert", "566M", 8_192, 1_024)),
            Map.entry("bge-large", embedding("bert", "334M", 512, 1_024)),
            Map.entry("granite-embedding", embedding("bert", "30M", 512, 384)),
            Map.entry("granite-embedding:278m", embedding("bert", "278M", 512, 768)),
            Map.entry("paraphrase-multilingual", embedding("bert", "278M", 512, 768)),
            Map.entry("embeddinggemma", embedding("gemma3", "307M", 2_048, 768)),
            Map.entry("qwen3-embedding:0.6b", embedding("qwen3", "595M", 32_768, 1_024)),
            Map.entry("qwen3-embedding:4b", embedding("qwen3", "4.0B", 40_960, 2_560)),
            Map.entry("qwen3-embedding:8b", embedding("qwen3", "7.6B", 40_960, 4_096)),
            Map.entry("qwen2.5", chat("qwen2", 32_768, COMPLETION, TOOLS)),
            Map.entry("qwen2.5-coder", chat("qwen2", 32_768, COMPLETION, TOOLS, INSERT)),
            Map.entry("qwen2", chat("qwen2", 32_768, COMPLETION, TOOLS)),
            Map.entry("qwen3", chat("qwen3", 40_960, COMPLETION, TOOLS, THINKING)),
            Map.entry("deepseek-r1", chat("qwen3", 131_072, COMPLETION, THINKING)),
            Map.entry("gpt-oss", chat("gptoss", 131_072, COMPLETION, TOOLS, THINKING)),
            Map.entry("llama3.1", chat("llama", 131_072, COMPLETION, TOOLS)),
            Map.entry("llama3.2", chat("llama", 131_072, COMPLETION, TOOLS)),
            Map.entry("llama3", chat("llama", 8_192, COMPLETION)),
            Map.entry("mistral", chat("llama", 32_768, COMPLETION, TOOLS)),
            Map.entry("smollm2", chat("llama", 8_192, COMPLETION)),
            Map.entry("tinyllama", chat("llama", 2_048, COMPLETION)),
            Map.entry("gemma2", chat("gemma2", 8_192, COMPLETION)),
            Map.entry("gemma3", chat("gemma3", 131_072, COMPLETION, VISION)),
            Map.entry("gemma3:270m", chat("gemma3", 32_768, COMPLETION)),
            Map.entry("gemma3:1b", chat("gemma3", 32_768, COMPLETION)),
            Map.entry("llava", chat("llama", 32_768, COMPLETION, VISION)),
            Map.entry("llama3.2-vision", chat("mllama", 131_072, COMPLETION, VISION)),
            Map.entry("moondream", chat("phi2", 2_048, COMPLETION, VISION)));

    /** A size tag such as {@code 0.5b} or {@code 22m}, shown as the parameter size of a chat model. */
    private static final Pattern SIZE_TAG = Pattern.compile("(\\d+(?:\\.\\d+)?)([mb])(?:-.*)?");

    ModelProfile {
        capabilities = Set.copyOf(capabilities);
    }

    private static ModelProfile chat(String architecture, int contextLength, String... capabilities) {
        return new ModelProfile(architecture, "", Set.of(capabilities), contextLength, Embeddings.MODEL_DIMENSIONS);
    }

    private static ModelProfile embedding(String architecture, String parameterSize, int contextLength,
            int dimensions) {
        return new ModelProfile(architecture, parameterSize, Set.of(EMBEDDING), contextLength, dimensions);
    }

    /**
     * The profile of a served model: the library's when it knows the name and agrees on whether it
     * embeds, else the profile of an unknown model of that kind.
     *
     * @param name the name as served, e.g. {@code qwen2.5:0.5b} or {@code library/all-minilm}
     */
    static ModelProfile of(String name, boolean embedding) {
        return known(name).filter(p -> p.embeds() == embedding).map(p -> p.sizedBy(name))
                .orElse(embedding ? UNKNOWN_EMBEDDING : UNKNOWN_CHAT.sizedBy(name));
    }

    /** The library's profile for {@code name} (its tag entry first), if the table has one. */
    static Optional<ModelProfile> known(String name) {
        String plain = name.toLowerCase(Locale.ROOT);
        for (String prefix : List.of("registry.ollama.ai/", "library/")) {
            plain = plain.startsWith(prefix) ? plain.substring(prefix.length()) : plain;
        }
        int colon = plain.lastIndexOf(':');
        String base = colon < 0 ? plain : plain.substring(0, colon);
        String tag = colon < 0 ? "latest" : plain.substring(colon + 1);
        ModelProfile tagged = LIBRARY.get(base + ":" + tag);
        return Optional.ofNullable(tagged != null ? tagged : LIBRARY.get(base));
    }

    boolean can(String capability) {
        return capabilities.contains(capability);
    }

    boolean embeds() {
        return can(EMBEDDING);
    }

    /** The capabilities in the order Ollama lists them. */
    List<String> capabilityList() {
        return List.of(COMPLETION, EMBEDDING, VISION, TOOLS, INSERT, THINKING).stream().filter(this::can)
                .collect(Collectors.toList());
    }

    /** A chat model's parameter size read from its tag ({@code qwen2.5:0.5b} is 0.5B), when the table has none. */
    private ModelProfile sizedBy(String name) {
        int colon = name.lastIndexOf(':');
        Matcher size = SIZE_TAG.matcher(colon < 0 ? "" : name.substring(colon + 1).toLowerCase(Locale.ROOT));
        if (!parameterSize.isEmpty() || !size.matches()) {
            return this;
        }
        return new ModelProfile(architecture, size.group(1) + size.group(2).toUpperCase(Locale.ROOT), capabilities,
                contextLength, embeddingLength);
    }
}
