package dev.labkit.checks.sdk;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which requests a {@link ModelScript} rule applies to. Has a description, so that transcripts and
 * failure messages can say which rule answered.
 */
public final class Match {

    private final String description;
    private final Predicate<ModelRequest> predicate;

    private Match(String description, Predicate<ModelRequest> predicate) {
        this.description = Objects.requireNonNull(description);
        this.predicate = Objects.requireNonNull(predicate);
    }

    public static Match of(String description, Predicate<ModelRequest> predicate) {
        return new Match(description, predicate);
    }

    public static Match any() {
        return new Match("any request", r -> true);
    }

    /** Chat and generate requests (not embeddings). */
    public static Match chat() {
        return new Match("any chat request", ModelRequest::isChat);
    }

    /** Speech-to-text requests ({@code POST /v1/audio/transcriptions}). */
    public static Match transcription() {
        return new Match("any transcription request", ModelRequest::isTranscription);
    }

    /** Text-to-speech requests ({@code POST /v1/audio/speech}). */
    public static Match speech() {
        return new Match("any speech request", ModelRequest::isSpeech);
    }

    /** Transcription and speech requests: the whole speech service. */
    public static Match audio() {
        return new Match("any speech-service request", r -> r.isTranscription() || r.isSpeech());
    }

    public static Match embeddings() {
        return new Match("any embedding request", ModelRequest::isEmbedding);
    }

    public static Match model(String name) {
        return new Match("model is '" + name + "'", r -> name.equals(r.model()));
    }

    /** The last user message contains {@code text}, ignoring case. */
    public static Match lastUserMessageContains(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return new Match(
                "last user message contains '" + text + "'",
                r -> r.lastUserMessage().toLowerCase(Locale.ROOT).contains(needle));
    }

    /** The system prompt contains {@code text}, ignoring case. */
    public static Match systemPromptContains(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return new Match(
                "system prompt contains '" + text + "'",
                r -> r.systemPrompt().toLowerCase(Locale.ROOT).contains(needle));
    }

    public static Match hasTools() {
        return new Match("request declares tools", ModelRequest::hasTools);
    }

    /**
     * Requests that carry exactly {@code n} tool results: the turn after the n-th, for scripting an
     * agent loop turn by turn. Ollama's and OpenAI's tool messages count alike, with or without a
     * {@code tool_name} or {@code tool_call_id}.
     */
    public static Match toolResults(int n) {
        return new Match("after " + n + " tool result(s)", r -> r.toolResults().size() == n);
    }

    public static Match hasImages() {
        return new Match("request carries images", ModelRequest::hasImages);
    }

    public static Match streaming() {
        return new Match("request asks for a stream", ModelRequest::stream);
    }

    /** The {@code n}-th request of the current check (1-based), of any kind. */
    public static Match callNumber(int n) {
        return new Match("request #" + n, r -> r.number() == n);
    }

    public Match and(Match other) {
        return new Match(description + " and " + other.description, predicate.and(other.predicate));
    }

    public Match or(Match other) {
        return new Match(
                "(" + description + " or " + other.description + ")", predicate.or(other.predicate));
    }

    public boolean matches(ModelRequest request) {
        return predicate.test(request);
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
