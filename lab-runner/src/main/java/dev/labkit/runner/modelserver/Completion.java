package dev.labkit.runner.modelserver;

import java.util.List;

/**
 * What the lab model generates for one request, as the answer writers send it: the thinking (for a
 * thinking model), then the answer, each as the chunks a stream carries, cut to the request's token
 * limit the way a model stops: thinking tokens count first, and a cut answer ends with
 * {@code done_reason} / {@code finish_reason} {@code "length"}.
 *
 * @param thinking the thinking chunks, in order (none when the model does not think)
 * @param content the answer chunks, in order
 * @param doneReason {@code stop}, {@code length}, or {@code load} / {@code unload} when nothing was generated
 * @param promptTokens the tokens of the request (0 for a load or unload)
 * @param evalTokens the tokens generated (0 for a load or unload; at least 1 otherwise, the end of the answer)
 */
record Completion(List<String> thinking, List<String> content, String doneReason, int promptTokens, int evalTokens) {

    /** The done reasons of an answer that generated nothing. */
    static final String LOAD = "load";
    static final String UNLOAD = "unload";

    Completion {
        thinking = List.copyOf(thinking);
        content = List.copyOf(content);
    }

    /**
     * The completion of {@code text} (sent as {@code chunks} when not cut), after {@code thinking}.
     *
     * @param maxTokens the most tokens to generate; 0 or less for no limit
     */
    static Completion of(String thinking, String text, List<String> chunks, int maxTokens, int promptTokens) {
        List<String> thought = Tokens.split(thinking);
        if (maxTokens <= 0 || thought.size() + Tokens.count(text) <= maxTokens) {
            return new Completion(thought, chunks, "stop", promptTokens,
                    Math.max(1, thought.size() + Tokens.count(text)));
        }
        if (thought.size() >= maxTokens) {
            return new Completion(Tokens.split(Tokens.first(thinking, maxTokens)), List.of(), "length", promptTokens,
                    maxTokens);
        }
        return new Completion(thought, Tokens.split(Tokens.first(text, maxTokens - thought.size())), "length",
                promptTokens, maxTokens);
    }

    /** What an answer that only calls tools generated: nothing said, one token (the call), for a prompt of {@code promptTokens}. */
    static Completion toolCalls(int promptTokens) {
        return of("", "", List.of(), 0, promptTokens);
    }

    /** Nothing generated: the model was loaded or unloaded ({@code reason}, {@link #LOAD} or {@link #UNLOAD}). */
    static Completion nothing(String reason) {
        return new Completion(List.of(), List.of(), reason, 0, 0);
    }

    String thinkingText() {
        return String.join("", thinking);
    }

    String contentText() {
        return String.join("", content);
    }
}
