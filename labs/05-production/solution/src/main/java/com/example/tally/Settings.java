package com.example.tally;

import java.net.URI;
import java.util.Map;

/**
 * What the app reads from its environment (the LabKit environment contract). Every setting has a
 * default, so the app starts anywhere; nothing secret is baked into the image.
 *
 * @param host the address to listen on; all interfaces when {@code HOST} is unset, as a container needs
 * @param port the HTTP port ({@code PORT}, default 8080)
 * @param ollamaBaseUrl the model server ({@code OLLAMA_BASE_URL}), without a trailing slash
 * @param chatModel the model to ask for ({@code LAB_CHAT_MODEL})
 * @param redisUrl where sessions live ({@code LAB_REDIS_URL}, {@code redis://host:port})
 */
record Settings(String host, int port, String ollamaBaseUrl, String chatModel, URI redisUrl) {

    static Settings fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434");
        return new Settings(
                env.getOrDefault("HOST", "0.0.0.0"),
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:0.5b"),
                URI.create(env.getOrDefault("LAB_REDIS_URL", "redis://127.0.0.1:6379")));
    }
}
