package dev.labkit.runner.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A deliberately broken copy of a lab's reference solution, described by {@code
 * labs/<id>/broken/<name>.yaml}: text edits to the solution, the check ids it must fail, and the
 * ids of the causes the grader must find behind those failures ({@code diagnosis}, none by default).
 *
 * <pre>
 * description: forgets every earlier message of the session
 * fails: [chat.memory]
 * diagnosis: []                  # optional: ids of grading/Diagnosis.IDS
 * edits:                         # applied to a copy of solution/
 *   - file: src/main/java/com/example/App.java
 *     find: "exact text, occurring exactly once in the file"
 *     replace: "the broken text"
 * </pre>
 *
 * @param lab the lab's id (the folder above {@code broken/})
 * @param name the file's name without {@code .yaml}
 * @param description one line: the mistake it makes
 * @param fails the ids of the checks it must fail (failed or error), no more, no fewer
 * @param diagnosis the diagnosis ids the grader must find, exactly
 * @param edits the edits, applied in order
 */
public record BrokenVariant(String lab, String name, String description, Set<String> fails, Set<String> diagnosis,
        List<Edit> edits) {

    /** Replace {@code find} (which must occur exactly once) in {@code file} (relative to the solution) by {@code replace}. */
    public record Edit(String file, String find, String replace) {}

    /** The folder of a lab's variants. */
    public static final String FOLDER = "broken";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("description", "fails", "diagnosis", "edits");
    private static final Set<String> EDIT_FIELDS = Set.of("file", "find", "replace");

    public BrokenVariant {
        fails = Set.copyOf(new TreeSet<>(fails));
        diagnosis = Set.copyOf(new TreeSet<>(diagnosis));
        edits = List.copyOf(edits);
    }

    /** The variant files of the lab in {@code labDir} ({@code broken/*.yaml}), by name; none when it has no such folder. */
    public static List<Path> files(Path labDir) {
        Path dir = labDir.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw LabException.of("cannot list " + dir + " (" + FileTrees.reason(e) + ")", e);
        }
    }

    /** Reads one variant file; a one-line error naming the file and what is wrong in it. */
    public static BrokenVariant read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw LabException.of(file + ": not valid YAML (" + LabException.firstLine(e.getMessage(), "unreadable") + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw LabException.of(file + ": expected a YAML mapping with description, fails and edits");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw LabException.of(file + ": unknown field '" + field + "' (known: description, diagnosis, edits, fails)");
            }
        });
        Set<String> fails = ids(file, root, "fails");
        Set<String> diagnosis = ids(file, root, "diagnosis");
        JsonNode editNodes = root.path("edits");
        if (!editNodes.isArray() || editNodes.isEmpty()) {
            throw LabException.of(file + ": 'edits' must be a list of {file, find, replace}, at least one");
        }
        List<Edit> edits = new ArrayList<>();
        for (JsonNode e : editNodes) {
            if (!e.isObject()) {
                throw LabException.of(file + ": each edit must be a mapping of file, find and replace");
            }
            e.fieldNames().forEachRemaining(field -> {
                if (!EDIT_FIELDS.contains(field)) {
                    throw LabException.of(file + ": edit " + (edits.size() + 1) + ": unknown field '" + field
                            + "' (known: file, find, replace)");
                }
            });
            for (String field : List.of("file", "find")) {
                if (!e.path(field).isValueNode() || e.path(field).asText().isEmpty()) {
                    throw LabException.of(file + ": edit " + (edits.size() + 1) + " has no '" + field + "'");
                }
            }
            if (!e.path("replace").isValueNode()) {
                throw LabException.of(file + ": edit " + (edits.size() + 1) + " has no 'replace' (write replace: \"\" to delete)");
            }
            edits.add(new Edit(e.path("file").asText(), e.path("find").asText(), e.path("replace").asText()));
        }
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path labDir = file.toAbsolutePath().getParent().getParent();
        return new BrokenVariant(labDir.getFileName().toString(), name, root.path("description").asText("").strip(),
                fails, diagnosis, edits);
    }

    private static Set<String> ids(Path file, JsonNode root, String field) {
        JsonNode node = root.path(field);
        Set<String> ids = new TreeSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            throw LabException.of(file + ": '" + field + "' must be a list of ids, e.g. " + field + ": [chat.memory]");
        }
        for (JsonNode id : node) {
            if (!id.isValueNode() || id.asText().isBlank()) {
                throw LabException.of(file + ": '" + field + "' must hold ids only, found " + id);
            }
            ids.add(id.asText().strip());
        }
        return ids;
    }

    /**
     * Copies {@code solution} (without build output) into {@code dir} and applies the edits; returns
     * {@code dir}. A one-line error when a find text does not occur exactly once, or a file is missing.
     */
    public Path applyTo(Path solution, Path dir) {
        try {
            FileTrees.copy(solution, dir, FileTrees.BUILD_OUTPUT);
            for (Edit edit : edits) {
                Path file = dir.resolve(edit.file());
                if (!Files.isRegularFile(file)) {
                    throw LabException.of(this + ": edit names " + edit.file() + ", which the solution does not have");
                }
                String text = Files.readString(file);
                int first = text.indexOf(edit.find());
                if (first < 0 || text.indexOf(edit.find(), first + 1) >= 0) {
                    throw LabException.of(this + ": the text to find must occur exactly once in " + edit.file()
                            + " (found " + (first < 0 ? "none" : "several") + "): " + edit.find());
                }
                Files.writeString(file, text.replace(edit.find(), edit.replace()));
            }
            return dir;
        } catch (IOException e) {
            throw LabException.of(this + ": cannot copy and edit the solution in " + dir + " (" + FileTrees.reason(e) + ")", e);
        }
    }

    @Override
    public String toString() {
        return lab + "/" + name;
    }
}
