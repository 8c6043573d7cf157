package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expectations every lab's contract shares, on answers that keep them and answers that do not. */
class ExpectTests {

    /** A complete stream of these events, each given as {@code type|data}. */
    private static SseResponse stream(String... events) {
        List<SseEvent> list = Arrays.stream(events).map(e -> e.split("\\|", 2))
                .map(e -> new SseEvent(e[0], e[1], "", Duration.ZERO)).toList();
        return new SseResponse("POST /api/chat/stream", 200, Map.of("content-type", List.of("text/event-stream")),
                list, "", "", "data: ...", true, Duration.ofMillis(5));
    }

    @Test
    void aStreamEndingWithACleanErrorEventPasses() {
        assertThatCode(() -> Expect.errorEvent(stream("message|{\"delta\":\"a\"}",
                "error|{\"error\":\"Sprout's model stopped answering.\"}"), "when the model stalls"))
                .doesNotThrowAnyException();
    }

    @Test
    void aStreamThatJustEndsFailsNamingItsEvents() {
        assertThatThrownBy(() -> Expect.errorEvent(stream("message|{\"delta\":\"a\"}"), "when the model stalls"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("when the model stalls: the stream should end with \"event: error\"")
                .hasMessageContaining("[message]");
    }

    @Test
    void anErrorEventAfterDoneOrWithoutATextOrWithInternalsFails() {
        assertThatThrownBy(() -> Expect.errorEvent(stream("done|{\"reply\":\"a\"}", "error|{\"error\":\"x\"}"), "s"))
                .hasMessageContaining("should not also send event: done");
        assertThatThrownBy(() -> Expect.errorEvent(stream("error|{\"message\":\"x\"}"), "s"))
                .hasMessageContaining("data {\"error\":");
        assertThatThrownBy(() -> Expect.errorEvent(stream("error|{\"error\":\"java.io.IOException: closed\"}"), "s"))
                .hasMessageContaining("must not show internals").hasMessageContaining("Exception");
    }
}
