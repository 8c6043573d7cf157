package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The silent-model deadline of labs 02 and 03: a clean 504, at most 12 s after the app's model request. */
class ModelDeadlineTests {

    private static final Instant SENT = Instant.parse("2026-11-30T10:00:00Z");
    private static final String ERROR = "{\"error\":\"The model took too long to answer.\"}";

    /** Traffic holding one chat request, received {@code after} the app was sent its request. */
    private static ModelTraffic chatReceived(Duration after) {
        ModelTraffic traffic = new ModelTraffic();
        traffic.received(new ModelRequest(traffic.nextRequestNumber(), SENT.plus(after), "ollama", "/api/chat", "chat",
                "qwen2.5:0.5b", List.of(Message.of("user", "Weather in Lisbon?")), List.of(), false, Map.of(), null));
        return traffic;
    }

    private static AppResponse answered(int status, String body, Duration elapsed) {
        return new AppResponse("POST /api/agent", status, Map.of("content-type", List.of("application/json")), body,
                elapsed);
    }

    @Test
    void acceptsA504ThatComesWithin12SecondsOfTheModelRequestHoweverLongTheAppWorkedBeforeIt() {
        // 3 s of the app's own work (tools, embeddings), then the model request, then 504 after 11.9 s.
        ModelTraffic traffic = chatReceived(Duration.ofSeconds(3));

        assertThatCode(() -> ModelDeadline.expectGatewayTimeout(answered(504, ERROR, Duration.ofMillis(14_900)), SENT,
                traffic, "POST /api/agent when the model is silent")).doesNotThrowAnyException();
    }

    @Test
    void refusesA504ThatComes13SecondsAfterTheModelRequestSayingHowLate() {
        ModelTraffic traffic = chatReceived(Duration.ofSeconds(1));

        assertThatThrownBy(() -> ModelDeadline.expectGatewayTimeout(answered(504, ERROR, Duration.ofSeconds(14)), SENT,
                traffic, "POST /api/agent when the model is silent"))
                .hasMessage("POST /api/agent when the model is silent: the 504 should come within 12 s of the model "
                        + "request; it came 13000 ms after it: give the model client a timeout of about 10 s");
    }

    @Test
    void refusesAnotherStatusAndA504ThatNeverAskedTheModel() {
        assertThatThrownBy(() -> ModelDeadline.expectGatewayTimeout(answered(500, ERROR, Duration.ofSeconds(10)), SENT,
                chatReceived(Duration.ZERO), "POST /api/ask when the chat model is silent"))
                .hasMessageStartingWith("POST /api/ask when the chat model is silent (the model said nothing for 40 s): "
                        + "expected status 504, got 500");
        assertThatThrownBy(() -> ModelDeadline.expectGatewayTimeout(answered(504, ERROR, Duration.ofSeconds(1)), SENT,
                new ModelTraffic(), "POST /api/ask when the chat model is silent"))
                .hasMessage("POST /api/ask when the chat model is silent: the app answered 504 without asking the model");
    }
}
