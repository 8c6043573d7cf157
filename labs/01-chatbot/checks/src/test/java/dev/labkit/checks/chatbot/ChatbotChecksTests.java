package dev.labkit.checks.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.SseEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of lab 01's checks that read the app's answers, on the forms the brief allows and those it does not. */
class ChatbotChecksTests {

    private static List<SseEvent> events(String... data) {
        return Arrays.stream(data).map(d -> new SseEvent("message", d, "", Duration.ZERO)).toList();
    }

    @Test
    void deltasAreTheTextsOfTheDeltaEventsInOrder() {
        assertThat(ChatbotChecks.deltas(events("{\"delta\":\"Water \"}", "{\"index\":1,\"delta\":\"at\\nroots\"}")))
                .containsExactly("Water ", "at\nroots");
    }

    @Test
    void aDeltaWithoutTextIsSkippedWhetherEmptyNullOrAbsent() {
        assertThat(ChatbotChecks.deltas(events("{\"delta\":\"a\"}", "{\"delta\":\"\"}", "{\"delta\":null}", "{}",
                "{\"delta\":\"b\"}"))).containsExactly("a", "b");
    }

    @Test
    void aBlankDeltaIsTextAndKept() {
        assertThat(ChatbotChecks.deltas(events("{\"delta\":\" \"}"))).containsExactly(" ");
    }

    @Test
    void aDeltaThatIsNotAStringFailsNamingIt() {
        assertThatThrownBy(() -> ChatbotChecks.deltas(events("{\"delta\":{\"content\":\"a\"}}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("as a string").hasMessageContaining("{\"delta\":{\"content\":\"a\"}}");
        assertThatThrownBy(() -> ChatbotChecks.deltas(events("{\"delta\":42}"))).isInstanceOf(AssertionError.class);
    }

    @Test
    void aDeltaEventThatIsNotJsonFails() {
        assertThatThrownBy(() -> ChatbotChecks.deltas(events("Water "))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("data: must hold JSON").hasMessageContaining("got: Water ");
    }
}
