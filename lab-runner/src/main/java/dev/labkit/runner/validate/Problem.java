package dev.labkit.runner.validate;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One thing wrong with a lab, as one line: {@code 01-chatbot variant no-memory: expected to fail
 * [chat.memory], found [chat.memory, chat.reply] (details: /tmp/v/01-chatbot/variant-no-memory.json)}.
 *
 * @param lab the lab's id
 * @param subject what is wrong: {@code suite}, {@code brief}, {@code broken/no-memory.yaml},
 *     {@code solution}, {@code scaffold}, {@code variant no-memory}
 * @param message what was expected and what was found
 * @param details the file with the details (a grading's JSON result), when there is one
 */
public record Problem(String lab, String subject, String message, Optional<Path> details) {

    /** A problem without a file of details (the static checks). */
    public Problem(String lab, String subject, String message) {
        this(lab, subject, message, Optional.empty());
    }

    /** The line printed for it. */
    public String line() {
        return lab + " " + subject + ": " + message + details.map(d -> " (details: " + d + ")").orElse("");
    }

    @Override
    public String toString() {
        return line();
    }
}
