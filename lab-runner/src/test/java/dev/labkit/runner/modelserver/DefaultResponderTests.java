package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultResponderTests {

    private static ModelRequest chat(Object format, Message... messages) {
        return new ModelRequest(1, Instant.EPOCH, "ollama", "/api/chat", "chat", "m", List.of(messages), List.of(),
                false, Map.of(), format);
    }

    @Test
    void picksTheSentenceSharingMostQuestionWords() {
        String answer = DefaultResponder.reply(chat(null,
                Message.of("system", "You are Sprout. Roses need six hours of sun. Ferns like shade."),
                Message.of("user", "How many hours of sun do roses need?")));

        assertThat(answer).isEqualTo("Roses need six hours of sun.");
    }

    @Test
    void readsTheContextLangchain4jAppendsToTheQuestion() {
        String answer = DefaultResponder.reply(chat(null, Message.of("user",
                "Who founded Bramble Co?\n\nAnswer using the following information:\n"
                        + "Bramble Co was founded by Ada Moss in 1999.\n\nIts office is in Leeds.")));

        assertThat(answer).isEqualTo("Bramble Co was founded by Ada Moss in 1999.");
    }

    @Test
    void earlierMessagesCountSoMemoryShows() {
        String answer = DefaultResponder.reply(chat(null,
                Message.of("user", "My name is Robin and I grow chillies."),
                Message.of("assistant", "Nice to meet you."),
                Message.of("user", "What is my name?")));

        assertThat(answer).isEqualTo("My name is Robin and I grow chillies.");
    }

    @Test
    void tiesKeepBothSentencesInTheOrderSeen() {
        String answer = DefaultResponder.reply(chat(null,
                Message.of("system", "Tomatoes love heat. Peppers love heat too. Lettuce bolts."),
                Message.of("user", "What loves heat?")));

        assertThat(answer).isEqualTo("Tomatoes love heat. Peppers love heat too.");
    }

    @Test
    void saysItDoesNotKnowWhenNothingMatches() {
        assertThat(DefaultResponder.reply(chat(null, Message.of("user", "Quantum chromodynamics?"))))
                .isEqualTo(DefaultResponder.NO_ANSWER);
    }

    @Test
    void answersJsonWhenAsked() {
        Message user = Message.of("user", "Hello?");
        assertThat(DefaultResponder.reply(chat("json", user)))
                .isEqualTo("{\"answer\":\"" + DefaultResponder.NO_ANSWER.replace("'", "'") + "\"}");
        assertThat(DefaultResponder.reply(chat(Map.of("type", "json_object"), user))).startsWith("{\"answer\":");
        assertThat(DefaultResponder.reply(chat(Map.of("type", "text"), user))).isEqualTo(DefaultResponder.NO_ANSWER);
    }
}
