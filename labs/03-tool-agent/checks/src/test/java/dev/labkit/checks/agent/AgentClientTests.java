package dev.labkit.checks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.checks.sdk.AppResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading lab 03's answers in every form its brief allows, and refusing the forms it rules out.
 * Each accepted form is next to a still-refused one.
 */
class AgentClientTests {

    private static AgentClient.Run read(int status, String body) {
        return AgentClient.read(new AppResponse("POST /api/agent", status,
                Map.of("content-type", List.of("application/json")), body, Duration.ofMillis(5)));
    }

    private static AgentClient.Step onlyStep(String step) {
        List<AgentClient.Step> steps = read(200, "{\"answer\":\"a\",\"stoppedReason\":\"done\",\"steps\":[" + step + "]}")
                .steps();
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }

    /** Issue 9's example: an independently written agent lost five checks (65/100) for this step. */
    @Test
    void aFailedStepMayWriteItsResultAsNullBesideTheError() {
        AgentClient.Step step = onlyStep("{\"tool\": \"get_order\", \"arguments\": {\"orderId\": \"A-1042\"}, "
                + "\"result\": null, \"error\": \"the service did not answer\"}");

        assertThat(step.failed()).isTrue();
        assertThat(step.error()).isEqualTo("the service did not answer");
        assertThat(step.result()).isNull();
        assertThat(step.argument("orderId")).isEqualTo("A-1042");
    }

    @Test
    void aFailedStepMayLeaveItsResultOutOrCarryTheErrorResultTheModelGot() {
        assertThat(onlyStep("{\"tool\":\"get_order\",\"error\":\"not found\"}").failed()).isTrue();
        assertThat(onlyStep("{\"tool\":\"get_order\",\"result\":\"ERROR: not found\",\"error\":\"not found\"}")
                .failed()).isTrue();
    }

    @Test
    void aStepWithAnErrorResultButNoErrorIsNotRecordedAsFailed() {
        for (String error : List.of("", ",\"error\":null", ",\"error\":\"\"", ",\"error\":\"  \"")) {
            AgentClient.Step step = onlyStep("{\"tool\":\"get_order\",\"result\":\"ERROR: not found\"" + error + "}");

            assertThat(step.failed()).as(error).isFalse();
        }
    }

    @Test
    void aStepThatWorkedMayWriteItsErrorAsNullAsEmptyOrNotAtAll() {
        for (String error : List.of("", ",\"error\":null", ",\"error\":\"\"")) {
            AgentClient.Step step = onlyStep("{\"tool\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"},"
                    + "\"result\":\"{\\\"condition\\\":\\\"snow\\\"}\"" + error + "}");

            assertThat(step.returned("snow")).as(error).isTrue();
        }
    }

    @Test
    void aStepThatWorkedButRecordsNoResultReturnedNothing() {
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"result\":null,\"error\":null}").returned("snow")).isFalse();
        assertThat(onlyStep("{\"tool\":\"get_weather\"}").returned("snow")).isFalse();
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"result\":\"snow\",\"error\":\"timeout\"}").returned("snow"))
                .as("a failed step returned nothing, whatever its result says").isFalse();
    }

    @Test
    void aResultMayBeAnyJsonValueAndIsReadAsItsJsonText() {
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"result\":{\"city\":\"Oslo\",\"condition\":\"snow\"}}")
                .returned("snow")).isTrue();
        assertThat(onlyStep("{\"tool\":\"list_files\",\"result\":[\"plan-check.txt\"]}").returned("plan-check.txt"))
                .isTrue();
    }

    @Test
    void argumentsMayBeAnObjectOrTheJsonTextOfOne() {
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"},\"result\":\"r\"}")
                .argument("city")).isEqualTo("Oslo");
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\",\"result\":\"r\"}")
                .argument("city")).isEqualTo("Oslo");
    }

    @Test
    void argumentsThatAreNeitherGiveNoArgument() {
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"arguments\":\"city=Oslo\",\"result\":\"r\"}").argument("city"))
                .isEmpty();
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"arguments\":\"[\\\"Oslo\\\"]\",\"result\":\"r\"}")
                .argument("city")).isEmpty();
        assertThat(onlyStep("{\"tool\":\"get_weather\",\"arguments\":{\"city\":42},\"result\":\"r\"}").argument("city"))
                .as("a number is not the city's name").isEmpty();
    }

    @Test
    void keysComeInAnyOrderExtraKeysAreIgnoredAndPrettyPrintingDoesNotMatter() {
        AgentClient.Run run = read(200, """
                {
                  "steps": [
                    {
                      "number": 1,
                      "error": null,
                      "result": "sunny",
                      "durationMs": 12,
                      "arguments": {"city": "Lisbon"},
                      "tool": "get_weather"
                    }
                  ],
                  "rounds": 2,
                  "answer": "Lisbon is sunny.",
                  "stoppedReason": "done"
                }
                """);

        assertThat(run.answer()).isEqualTo("Lisbon is sunny.");
        assertThat(run.stoppedReason()).isEqualTo("done");
        assertThat(run.steps()).singleElement().satisfies(step -> {
            assertThat(step.tool()).isEqualTo("get_weather");
            assertThat(step.returned("sunny")).isTrue();
        });
    }

    @Test
    void stepsMayBeEmptyNullOrLeftOutWhenThereWereNone() {
        for (String steps : List.of(",\"steps\":[]", ",\"steps\":null", "")) {
            assertThat(read(200, "{\"answer\":\"Hello.\",\"stoppedReason\":\"done\"" + steps + "}").steps())
                    .as(steps).isEmpty();
        }
    }

    @Test
    void stepsThatAreNotAListAreRefused() {
        assertThatThrownBy(() -> read(200, "{\"answer\":\"a\",\"stoppedReason\":\"done\",\"steps\":{\"tool\":\"x\"}}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"steps\" should be a JSON array");
        assertThatThrownBy(() -> read(200, "{\"answer\":\"a\",\"stoppedReason\":\"done\",\"steps\":\"none\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"steps\" should be a JSON array");
    }

    @Test
    void aStepWithoutAToolNameIsRefused() {
        assertThatThrownBy(() -> onlyStep("{\"name\":\"get_weather\",\"result\":\"r\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("steps[0] should be an object");
        assertThatThrownBy(() -> onlyStep("\"get_weather\"")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("steps[0] should be an object");
    }

    @Test
    void anErrorThatIsNotTextIsRefusedWithWhatTheBriefAsks() {
        for (String error : List.of("{\"message\":\"not found\"}", "true", "404")) {
            assertThatThrownBy(() -> onlyStep("{\"tool\":\"get_order\",\"result\":null,\"error\":" + error + "}"))
                    .as(error).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("steps[0].error should be null (or left out) when the call worked, and a text");
        }
    }

    @Test
    void theAnswerAndTheStoppedReasonStayRequiredText() {
        assertThatThrownBy(() -> read(200, "{\"answer\":null,\"stoppedReason\":\"done\",\"steps\":[]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("string field \"answer\"");
        assertThatThrownBy(() -> read(200, "{\"answer\":\"a\",\"steps\":[]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("string field \"stoppedReason\"");
    }

    @Test
    void anAnswerThatIsNot200IsRefused() {
        assertThatThrownBy(() -> read(201, "{\"answer\":\"a\",\"stoppedReason\":\"done\",\"steps\":[]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("should answer 200");
    }
}
