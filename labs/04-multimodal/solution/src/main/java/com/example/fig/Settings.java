package com.example.fig;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What the app reads from its environment (the LabKit environment contract and lab 04's
 * variables): where to listen, the model server and its chat and vision models, and the speech
 * service (an OpenAI-style base URL ending in {@code /v1}) with its models and voice.
 */
record Settings(
        String host,
        int port,
        String ollamaBaseUrl,
        String chatModel,
        String visionModel,
        URI speechBaseUrl,
        String sttModel,
        String ttsModel,
        String ttsVoice) {

    /**
     * How long a model may take to answer; then the user gets a 504. A vision model on a CPU may
     * need a minute to read a picture.
     */
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(120);

    /** How long the speech service may take to transcribe or synthesise; then the user gets a 502. */
    static final Duration SPEECH_TIMEOUT = Duration.ofSeconds(60);

    /** How long connecting to the speech service may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    static Settings fromEnvironment(Map<String, String> env) {
        String ollama = env.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434");
        return new Settings(
                env.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                ollama,
                env.getOrDefault("LAB_CHAT_MODEL", "qwen2.5:0.5b"),
                env.getOrDefault("LAB_VISION_MODEL", "moondream"),
                URI.create(withoutTrailingSlash(env.getOrDefault("LAB_SPEECH_BASE_URL", ollama + "/v1"))),
                env.getOrDefault("LAB_STT_MODEL", "Systran/faster-whisper-small"),
                env.getOrDefault("LAB_TTS_MODEL", "speaches-ai/Kokoro-82M-v1.0-ONNX"),
                env.getOrDefault("LAB_TTS_VOICE", "alloy"));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
