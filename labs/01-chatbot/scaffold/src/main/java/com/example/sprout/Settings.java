package com.example.sprout;

import java.time.Duration;
import java.util.Map;

/**
 * What the app reads from its environment (the LabKit environment contract): where to listen,
 * which model server and model to use.
 */
record Settings(String host, int port, String ollamaBaseUrl, String chatModel, Duration modelTimeout) {

    /** The model gets this long to start answering; after that the user gets a 504. */
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434"),
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:0.5b"),
                MODEL_TIMEOUT);
    }
}
