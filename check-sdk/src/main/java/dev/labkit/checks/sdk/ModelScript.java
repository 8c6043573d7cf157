package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * A matched rule and its reply.
     *
     * @param uses how many requests the rule has answered so far (what a {@link Reply.Sequence} goes by)
     */
    public record Rule(Match match, Reply reply, AtomicInteger uses) {
        public Rule(Match match, Reply reply) {
            this(match, reply, new AtomicInteger());
        }

        /**
         * The reply for one more request this rule answers: the rule's reply, or a {@link Reply.Sequence}'s
         * next one (also when the sequence is inside a {@link Reply.Delayed}: the delay, then that element).
         * The model server calls it once per request it answers with this rule, after any refusal (an unknown
         * model, an unreadable body), so that only the requests the rule answers move a sequence on.
         */
        public Reply take() {
            return forUse(reply, uses.getAndIncrement());
        }

        /** {@code reply} for the {@code use}-th request: a sequence's element, also inside a {@link Reply.Delayed}. */
        private static Reply forUse(Reply reply, int use) {
            if (reply instanceof Reply.Sequence sequence) {
                return forUse(sequence.forUse(use), use);
            }
            if (reply instanceof Reply.Delayed delayed) {
                return new Reply.Delayed(delayed.delay(), forUse(delayed.then(), use));
            }
            return reply;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private volatile boolean down;

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

    /**
     * Takes the whole model server down, as a crashed or unreachable Ollama: until {@link #comeBack()},
     * every request on its port, whatever the path ({@code /api/tags} and {@code /api/version} too), has its
     * connection closed without an answer. Recorded requests are not affected. {@link #clear()} brings it back.
     */
    public void goDown() {
        down = true;
    }

    /** Brings the model server back after {@link #goDown()}. */
    public void comeBack() {
        down = false;
    }

    /** Whether the model server is {@link #goDown() down}. */
    public boolean isDown() {
        return down;
    }

    /** Forgets every rule and brings the model server back up. */
    public void clear() {
        rules.clear();
        down = false;
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

        /** Answers in turn with {@code replies}, the last one repeating (see {@link Reply.Sequence}). */
        public void sequence(Reply... replies) {
            then(Reply.sequence(replies));
        }

        /**
         * Fails the first {@code failures} requests with {@code status}, then answers {@code text} to every
         * later one: a flaky model that a retry gets through.
         */
        public void failThenReply(int failures, int status, String text) {
            if (failures < 1) {
                throw new IllegalArgumentException("failThenReply needs at least one failure, got " + failures);
            }
            Reply[] replies = new Reply[failures + 1];
            java.util.Arrays.fill(replies, 0, failures, Reply.failure(status));
            replies[failures] = Reply.text(text);
            then(Reply.sequence(replies));
        }

        public void stall(Duration duration) {
            then(Reply.stall(duration));
        }

        public void dropConnection() {
            then(Reply.drop());
        }
    }
}
