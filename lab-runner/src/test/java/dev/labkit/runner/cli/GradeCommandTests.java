package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab grade} and {@code lab results merge} run in-process on small classes of the grader's quick test apps
 * (each graded for real on lab 01): rows, files, exit codes, resume, shards. The big class (30 lab-01
 * submissions) is {@link GradeClassTests}.
 */
class GradeCommandTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        return LabCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** A class of {@code apps}: student -> test app. */
    private Path classOf(Map<String, String> apps) throws IOException {
        Path dir = temp.resolve("class-" + apps.size() + "-" + System.nanoTime());
        for (Map.Entry<String, String> app : apps.entrySet()) {
            FileTrees.copy(TestLabs.app(app.getValue()), dir.resolve(app.getKey()), Set.of());
        }
        return dir;
    }

    @Test
    void gradesAClassIntoAGradebookAndEachStudentsFolder() throws IOException {
        Path submissions = classOf(Map.of("bob", "echo", "alice", "echo", "carol", "exits-at-start"));
        Path grades = temp.resolve("grades");

        int exit = lab("grade", "01-chatbot", submissions.toString(), "--jobs", "2", "--out", grades.toString(),
                "--sandbox", "process", "--models", "embedded");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("sandbox: process", "[3/3]");
        List<String> csv = Files.readAllLines(grades.resolve("gradebook.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("student,status,score,max,").endsWith(",reason");
        assertThat(csv.get(1)).startsWith("alice,failed,");
        assertThat(csv.get(2)).startsWith("bob,failed,");
        assertThat(csv.get(3)).startsWith("carol,start-failed,0,");
        JsonNode book = json(grades.resolve("gradebook.json"));
        assertThat(book.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(book.get("lab").asText()).isEqualTo("01-chatbot");
        assertThat(book.get("submissions")).hasSize(3);
        JsonNode alice = json(grades.resolve("submissions/alice/result.json"));
        assertThat(alice.get("contentHash").asText()).startsWith("sha256:")
                .isEqualTo(book.get("submissions").get(0).get("contentHash").asText());
        assertThat(alice.get("score").asInt()).isEqualTo(book.get("submissions").get(0).get("score").asInt());
        assertThat(grades.resolve("submissions/carol/app.log")).content().contains("LAB_CHAT_MODEL is not configured");
        assertThat(grades.resolve("summary.md")).content().contains("01-chatbot: 3 submissions", "| start-failed | 1 |");
        try (Stream<Path> files = Files.walk(grades)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
