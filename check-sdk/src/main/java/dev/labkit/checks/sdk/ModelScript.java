package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rules that decide what the lab model answers. The first rule whose {@link Match} matches a
 * request answers it; a request no rule matches gets the lab model's default answer. Rules are
 * cleared before each check.
 *
 * <pre>{@code
 * model.when(Match.lastUserMessageContains("tomato")).reply("Water them deeply.");
 * model.when(Match.chat()).fail(500);
 * model.onTranscription().reply("What is in this picture?");
 * model.when(Match.audio()).fail(503);    // the speech service is down
 * }</pre>
 *
 * <p>Thread-safe: the model server reads rules while a check adds them.
 */
public final class ModelScript {

    /** A matched rule and its reply. */
    public record Rule(Match match, Reply reply) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /** Starts a rule for the requests {@code match} selects. */
    public RuleBuilder when(Match match) {
        return new RuleBuilder(match);
    }

    /** Starts a rule for every chat request. */
    public RuleBuilder onChat() {
        return when(Match.chat());
    }

    /**
     * Starts a rule for every transcription request: {@code reply(text)} answers {@code text} as the
     * transcript (in the {@code response_format} asked for).
     */
    public RuleBuilder onTranscription() {
        return when(Match.transcription());
    }

    /**
     * Starts a rule for every speech request: {@code reply(text)} synthesises {@code text} instead of
     * the request's input; failures, stalls and drops work as for chat.
     */
    public RuleBuilder onSpeech() {
        return when(Match.speech());
    }

    /** The first rule that matches {@code request}, if any. */
    public Optional<Rule> ruleFor(ModelRequest request) {
        return rules.stream().filter(rule -> rule.match().matches(request)).findFirst();
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Forgets every rule. */
    public void clear() {
        rules.clear();
    }

    /** Completes a rule with what the model does. */
    public final class RuleBuilder {
        private final Match match;

        private RuleBuilder(Match match) {
            this.match = match;
        }

        public void then(Reply reply) {
            rules.add(new Rule(match, reply));
        }

        public void reply(String text) {
            then(Reply.text(text));
        }

        public void stream(String... chunks) {
            then(Reply.chunks(chunks));
        }

        /**
         * Streams {@code chunks}, then breaks off with {@code end}: a {@link Reply#stall}, a
         * {@link Reply#drop} or a {@link Reply#failure} (see {@link Reply.BrokenStream}).
         */
        public void streamThenBreak(Reply end, String... chunks) {
            then(Reply.brokenStream(end, chunks));
        }

        public void callTool(String name, Map<String, Object> arguments) {
            then(Reply.toolCall(name, arguments));
        }

        public void fail(int status) {
            then(Reply.failure(status));
        }

        public void stall(Duration duration) {
            then(Reply.stall(duration));
        }

        public void dropConnection() {
            then(Reply.drop());
        }
    }
}
