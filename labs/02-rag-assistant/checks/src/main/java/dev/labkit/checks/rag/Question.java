package dev.labkit.checks.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A question about the corpus with its gold document and a short gold answer that appears in it.
 * The public set ships with the lab's fixtures; the hidden set in the lab's hidden/ folder, which
 * learner packs leave out.
 */
record Question(String id, String question, String document, String answer) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Question> publicSet(Path fixtures) {
        try {
            return List.of(JSON.readValue(fixtures.resolve("questions-public.json").toFile(), Question[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's public questions", e);
        }
    }

    static List<Question> hiddenSet(Path hidden) {
        try {
            return List.of(JSON.readValue(hidden.resolve("questions.json").toFile(), Question[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab's hidden questions", e);
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
