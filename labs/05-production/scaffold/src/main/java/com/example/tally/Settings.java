package com.example.tally;

import java.time.Duration;
import java.util.Map;

/**
 * What the app reads from its environment (the LabKit environment contract): where to listen,
 * which model server and model to use, and where Redis is.
 */
record Settings(String host, int port, String ollamaBaseUrl, String chatModel, String redisUrl, Duration modelTimeout) {

    /** The model gets this long to answer; after that the user gets a 504. */
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("HOST", "0.0.0.0"), // all interfaces, as in a container; lab check sets 127.0.0.1
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434"),
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:0.5b"),
                env.getOrDefault("LAB_REDIS_URL", "redis://127.0.0.1:6379"), // TODO 6 uses it
                MODEL_TIMEOUT);
    }
}
