package dev.labkit.runner.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The optional {@code submission.yaml} at a submission's root: shell commands that replace the
 * default Maven build and start, so that an app in any language can be graded.
 *
 * @param build the build command, run with {@code sh -c} in the copy; empty for the default
 * @param start the start command, run with {@code sh -c} in the copy; empty for the default
 */
public record SubmissionConfig(Optional<String> build, Optional<String> start) {

    public static final String FILE_NAME = "submission.yaml";
    private static final Set<String> KNOWN_FIELDS = Set.of("build", "start");

    static final SubmissionConfig DEFAULT = new SubmissionConfig(Optional.empty(), Optional.empty());

    /** Reads {@code dir/submission.yaml}, or the default when there is none. */
    public static SubmissionConfig read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return DEFAULT;
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw LabException.of(file + ": not valid YAML; it may set `build:` and `start:` commands"
                    + " (put a command that contains ': ' in quotes)");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return DEFAULT;
        }
        if (!root.isObject()) {
            throw LabException.of(file + ": expected a mapping with `build:` and/or `start:`");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_FIELDS.contains(name)) {
                throw LabException.of(file + ": unknown field '" + name + "' (it may set build and start)");
            }
        });
        return new SubmissionConfig(command(file, root, "build"), command(file, root, "start"));
    }

    private static Optional<String> command(Path file, JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        // A scalar such as `start: true` is the command it spells; lists and maps are mistakes.
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw LabException.of(file + ": '" + field + "' must be a shell command (a string)");
        }
        return Optional.of(value.asText().strip());
    }
}
