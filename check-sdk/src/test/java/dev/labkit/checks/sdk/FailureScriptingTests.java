package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sequences of replies ({@link Reply.Sequence}, {@link ModelScript.Rule#take}), failThenReply, goDown. */
class FailureScriptingTests {

    private final ModelScript script = new ModelScript();

    @Test
    void aSequenceGivesItsRepliesInTurnThenRepeatsTheLast() {
        Reply.Sequence sequence = new Reply.Sequence(List.of(Reply.failure(503), Reply.drop(), Reply.text("Hi")));

        assertThat(sequence.forUse(0)).isEqualTo(Reply.failure(503));
        assertThat(sequence.forUse(1)).isEqualTo(Reply.drop());
        assertThat(sequence.forUse(2)).isEqualTo(Reply.text("Hi"));
        assertThat(sequence.forUse(9)).isEqualTo(Reply.text("Hi"));
    }

    @Test
    void aSequenceNeedsRepliesAndHoldsNoSequence() {
        assertThatThrownBy(() -> Reply.sequence()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one reply");
        assertThatThrownBy(() -> Reply.sequence(Reply.sequence(Reply.drop())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sequences");
    }

    @Test
    void takeAdvancesOncePerCallAndAPlainReplyNeverChanges() {
        ModelScript.Rule sequence = new ModelScript.Rule(Match.chat(), Reply.sequence(Reply.failure(502), Reply.text("A")));
        ModelScript.Rule plain = new ModelScript.Rule(Match.chat(), Reply.text("B"));

        assertThat(List.of(sequence.take(), sequence.take(), sequence.take()))
                .containsExactly(Reply.failure(502), Reply.text("A"), Reply.text("A"));
        assertThat(List.of(plain.take(), plain.take())).containsExactly(Reply.text("B"), Reply.text("B"));
        assertThat(sequence.reply()).as("looking at the rule does not advance it").isInstanceOf(Reply.Sequence.class);
    }

    @Test
    void takeResolvesASequenceInsideADelayForTheSameUse() {
        ModelScript.Rule rule = new ModelScript.Rule(Match.chat(),
                Reply.delayed(Duration.ofMillis(5), Reply.sequence(Reply.failure(503), Reply.text("Late"))));

        assertThat(rule.take()).isEqualTo(Reply.delayed(Duration.ofMillis(5), Reply.failure(503)));
        assertThat(rule.take()).isEqualTo(Reply.delayed(Duration.ofMillis(5), Reply.text("Late")));
    }

    @Test
    void concurrentTakesEachGetTheirOwnElement() throws Exception {
        Reply[] replies = new Reply[40];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = Reply.text("answer " + i);
        }
        ModelScript.Rule rule = new ModelScript.Rule(Match.chat(), Reply.sequence(replies));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> taken = new ArrayList<>();
            for (int i = 0; i < replies.length; i++) {
                taken.add(threads.submit(rule::take));
            }
            List<Reply> got = new ArrayList<>();
            for (Future<Reply> reply : taken) {
                got.add(reply.get(10, TimeUnit.SECONDS));
            }
            assertThat(got).containsExactlyInAnyOrder(replies);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void failThenReplyFailsNTimesThenAnswers() {
        script.onChat().failThenReply(2, 503, "Paid.");
        ModelScript.Rule rule = script.rules().get(0);

        assertThat(List.of(rule.take(), rule.take(), rule.take(), rule.take())).containsExactly(
                Reply.failure(503), Reply.failure(503), Reply.text("Paid."), Reply.text("Paid."));
        assertThatThrownBy(() -> script.onChat().failThenReply(0, 503, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one failure");
    }

    @Test
    void goDownUntilComeBackOrClear() {
        script.onChat().reply("Hi");
        assertThat(script.isDown()).isFalse();

        script.goDown();
        assertThat(script.isDown()).isTrue();
        script.comeBack();
        assertThat(script.isDown()).isFalse();

        script.goDown();
        script.clear();
        assertThat(script.isDown()).isFalse();
        assertThat(script.rules()).isEmpty();
    }

    private static ModelRequest chatAt(int number, long millis) {
        return new ModelRequest(number, Instant.EPOCH.plusMillis(millis), "ollama", "/api/chat", "chat", "m",
                List.of(Message.of("user", "hi")), List.of(), false, java.util.Map.of(), null);
    }

    @Test
    void waitsBetweenChatRequestsRunFromTheEndOfAnAnswerToTheNextArrival() {
        ModelTraffic traffic = new ModelTraffic();
        ModelRequest first = chatAt(1, 0);
        ModelRequest second = chatAt(2, 260);
        ModelRequest third = chatAt(3, 700);
        ModelRequest fourth = chatAt(4, 720);
        for (ModelRequest request : List.of(first, second, third, fourth)) {
            traffic.received(request);
        }
        traffic.answered(new ModelExchange(first, 503, "", List.of(), "r", Duration.ofMillis(40)));
        traffic.answered(new ModelExchange(second, 0, "", List.of(), "r", Duration.ofMillis(30)));

        assertThat(traffic.waitsBetweenChatRequests()).as("the third's previous one is unanswered: the list stops")
                .containsExactly(Duration.ofMillis(220), Duration.ofMillis(410));

        traffic.answered(new ModelExchange(third, 200, "ok", List.of(), "r", Duration.ofMillis(50)));
        assertThat(traffic.waitsBetweenChatRequests()).as("negative: it arrived while the third was answered")
                .containsExactly(Duration.ofMillis(220), Duration.ofMillis(410), Duration.ofMillis(-30));
    }
}
