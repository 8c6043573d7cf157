package dev.labkit.checks.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A question about the corpus with its gold document and a short gold answer that appears in it.
 * The public set ships with the lab's fixtures; the hidden set lives only in the checker.
 */
record Question(String id, String question, String document, String answer) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HIDDEN = "/dev/labkit/checks/rag/questions-hidden.json";

    static List<Question> publicSet(Path fixtures) {
        try {
            return List.of(JSON.readValue(fixtures.resolve("questions-public.json").toFile(), Question[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's public questions", e);
        }
    }

    static List<Question> hiddenSet() {
        try (InputStream in = Question.class.getResourceAsStream(HIDDEN)) {
            if (in == null) {
                throw new IllegalStateException("the checker was built without " + HIDDEN);
            }
            return List.of(JSON.readValue(in, Question[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hidden questions", e);
        }
    }

    static List<String> offTopic(Path fixtures) {
        try {
            return List.of(JSON.readValue(fixtures.resolve("off-topic-questions.json").toFile(), String[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's off-topic questions", e);
        }
    }
}
