package dev.labkit.runner.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labkit.runner.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 */
record BrokenVariant(String lab, String name, String description, Set<String> fails, Set<String> diagnosis,
        List<Edit> edits) {

    record Edit(String file, String find, String replace) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every variant of every lab of the repository. */
    static List<BrokenVariant> all(Path labsDir) throws IOException {
        List<BrokenVariant> variants = new ArrayList<>();
        try (Stream<Path> files = Files.walk(labsDir, 3)) {
            for (Path file : files.filter(f -> f.getParent().getFileName().toString().equals("broken")
                    && f.toString().endsWith(".yaml")).sorted().toList()) {
                variants.add(read(file));
            }
        }
        return variants;
    }

    static BrokenVariant read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        Set<String> fails = new TreeSet<>();
        root.path("fails").forEach(id -> fails.add(id.asText()));
        Set<String> diagnosis = new TreeSet<>();
        root.path("diagnosis").forEach(id -> diagnosis.add(id.asText()));
        List<Edit> edits = new ArrayList<>();
        root.path("edits").forEach(e -> edits.add(
                new Edit(e.path("file").asText(), e.path("find").asText(), e.path("replace").asText())));
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        return new BrokenVariant(file.getParent().getParent().getFileName().toString(), name,
                root.path("description").asText(), fails, diagnosis, edits);
    }

    /** Copies {@code solution} into {@code dir} and applies the edits; each find text must occur exactly once. */
    Path applyTo(Path solution, Path dir) {
        try {
            FileTrees.copy(solution, dir, FileTrees.BUILD_OUTPUT);
            for (Edit edit : edits) {
                Path file = dir.resolve(edit.file());
                String text = Files.readString(file);
                int first = text.indexOf(edit.find());
                if (first < 0 || text.indexOf(edit.find(), first + 1) >= 0) {
                    throw new IllegalStateException(name + ": the text to find must occur exactly once in "
                            + edit.file() + ": " + edit.find());
                }
                Files.writeString(file, text.replace(edit.find(), edit.replace()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return lab + "/" + name;
    }
}
