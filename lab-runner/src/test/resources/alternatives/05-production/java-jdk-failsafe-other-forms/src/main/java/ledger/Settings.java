package ledger;

import java.net.URI;
import java.util.Map;

/**
 * Tally's settings, all from the environment (docs/environment.md of LabKit): {@code PORT} (8080), {@code HOST}
 * (unset: all interfaces), {@code OLLAMA_BASE_URL} (http://127.0.0.1:11434), {@code LAB_CHAT_MODEL}
 * (qwen2.5:0.5b) and {@code LAB_REDIS_URL} (redis://127.0.0.1:6379).
 */
record Settings(String host, int port, URI ollama, String model, String redisUrl) {

    static Settings from(Map<String, String> env) {
        String base = env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Settings(
                blankToDefault(env.get("HOST"), "0.0.0.0"),
                Integer.parseInt(blankToDefault(env.get("PORT"), "8080")),
                URI.create(base),
                blankToDefault(env.get("LAB_CHAT_MODEL"), "qwen2.5:0.5b"),
                blankToDefault(env.get("LAB_REDIS_URL"), "redis://127.0.0.1:6379"));
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
