package com.example.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What the app reads from its environment (the LabKit environment contract for lab 03). */
record Settings(String host, int port, String ollamaBaseUrl, String chatModel, String toolsBaseUrl, Path workspace,
        Duration modelTimeout) {

    /** The model gets this long to start answering; after that the user gets a 504. */
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434"),
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:1.5b"),
                env.getOrDefault("LAB_TOOLS_BASE_URL", "http://127.0.0.1:8089"),
                Path.of(env.getOrDefault("LAB_WORKSPACE_DIR", "workspace")),
                MODEL_TIMEOUT);
    }
}
