package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.batch.BatchListener;
import dev.labkit.runner.batch.BatchRequest;
import dev.labkit.runner.batch.ClassGrader;
import dev.labkit.runner.batch.Row;
import dev.labkit.runner.intake.SubmissionIntake;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import dev.labkit.runner.grading.TestLabs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
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

    /** The class: alice falls into shard 2/2, bob and carol into 1/2. */
    private static final List<String> CLASS = List.of("alice", "bob", "carol");

    private String csv(Path grades) throws IOException {
        return Files.readString(grades.resolve("gradebook.csv"));
    }

    private static Map<String, String> startedAt(Path grades) throws IOException {
        Map<String, String> started = new TreeMap<>();
        for (String student : CLASS) {
            Path result = grades.resolve("submissions").resolve(student).resolve("result.json");
            if (Files.exists(result)) {
                started.put(student, json(result).get("startedAt").asText());
            }
        }
        return started;
    }

    /**
     * One class of three graded for real (two echo apps, one that crashes at start), then: the gradebook and each
     * student's folder; a resumed run that grades again only the submission that changed; an interrupted run
     * (stopped after its first row) resumed to the same gradebook; two shards merged to the same gradebook, byte
     * for byte; a merge of a shard with itself refused in one line.
     */
    @Test
    void gradesAClassResumesWhatChangedAndMergesShardsToTheSameGradebook() throws Exception {
        Path submissions = classOf(Map.of("bob", "echo", "alice", "echo", "carol", "exits-at-start"));
        Path grades = temp.resolve("grades");

        int exit = lab("grade", "01-chatbot", submissions.toString(), "--jobs", "2", "--out", grades.toString(),
                "--sandbox", "process", "--models", "embedded");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("sandbox: process", "[3/3]");
        List<String> csv = Files.readAllLines(grades.resolve("gradebook.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("student,status,score,max,health,chat.").endsWith(",reason");
        assertThat(csv.get(1)).startsWith("alice,failed,");
        assertThat(csv.get(2)).startsWith("bob,failed,");
        assertThat(csv.get(3)).startsWith("carol,start-failed,0,");
        JsonNode book = json(grades.resolve("gradebook.json"));
        assertThat(book.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(book.get("lab").asText()).isEqualTo("01-chatbot");
        assertThat(book.get("submissions")).hasSize(3);
        assertThat(book.get("summary").get("statuses").get("start-failed").asInt()).isEqualTo(1);
        JsonNode alice = json(grades.resolve("submissions/alice/result.json"));
        assertThat(alice.get("contentHash").asText()).startsWith("sha256:")
                .isEqualTo(book.get("submissions").get(0).get("contentHash").asText());
        assertThat(alice.get("score").asInt()).isPositive()
                .isEqualTo(book.get("submissions").get(0).get("score").asInt());
        assertThat(alice.get("submission").asText()).isEqualTo(submissions.resolve("alice").toString());
        assertThat(grades.resolve("submissions/carol/app.log")).content().contains("LAB_CHAT_MODEL is not configured");
        // A graded submission keeps what its app printed, and what its build printed.
        assertThat(grades.resolve("submissions/alice/app.log")).content().contains("echo app listening on");
        assertThat(grades.resolve("submissions/alice/build.log")).exists();
        assertThat(grades.resolve("summary.md")).content().contains("01-chatbot: 3 submissions", "| start-failed | 1 |");
        try (Stream<Path> files = Files.walk(grades)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
        String full = csv(grades);
        Map<String, String> first = startedAt(grades);

        // Resumed after bob changed his submission: only bob is graded again.
        Files.writeString(submissions.resolve("bob/NOTES.md"), "changed after the deadline\n");
        err.getBuffer().setLength(0);
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--out", grades.toString(), "--resume",
                "--sandbox", "process", "--models", "embedded")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Grading 1 submission", "2 kept from the earlier run", "[1/1] bob:");
        Map<String, String> second = startedAt(grades);
        assertThat(second.get("alice")).isEqualTo(first.get("alice"));
        assertThat(second.get("carol")).isEqualTo(first.get("carol"));
        assertThat(second.get("bob")).isNotEqualTo(first.get("bob"));
        assertThat(csv(grades)).isEqualTo(full);

        // Stopped after its first row (as Ctrl-C stops it), then resumed: the same gradebook, the first row kept.
        Files.delete(submissions.resolve("bob/NOTES.md"));
        Path halted = temp.resolve("halted");
        AtomicReference<ClassGrader> grader = new AtomicReference<>();
        grader.set(new ClassGrader(System.getenv(), new BatchListener() {
            @Override
            public void finished(Row row, Duration took) {
                grader.get().stop(Duration.ZERO);
            }
        }, (gradebook, dir) -> {}));
        grader.get().grade(new BatchRequest(TestLabs.lab("01-chatbot"), SubmissionIntake.discover(submissions), halted,
                1, false, SandboxMode.PROCESS, new ModelProvider.Embedded(), ServiceChoice.AUTO, List.of()));
        Map<String, String> beforeResume = startedAt(halted);
        assertThat(beforeResume).hasSize(1);
        assertThat(Files.readAllLines(halted.resolve("gradebook.csv"))).hasSize(2);
        err.getBuffer().setLength(0);
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--out", halted.toString(), "--resume",
                "--jobs", "2", "--sandbox", "process", "--models", "embedded")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Grading 2 submissions", "[2/2]");
        Map<String, String> afterResume = startedAt(halted);
        assertThat(afterResume).hasSize(3).containsAllEntriesOf(beforeResume);
        assertThat(csv(halted)).isEqualTo(full);

        // Shards: each student in exactly one; merged, the same gradebook byte for byte.
        Path one = temp.resolve("shard-1");
        Path two = temp.resolve("shard-2");
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--shard", "1/2", "--jobs", "2", "--out",
                one.toString(), "--sandbox", "process", "--models", "embedded")).as(err.toString()).isZero();
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--shard", "2/2", "--jobs", "2", "--out",
                two.toString(), "--sandbox", "process", "--models", "embedded")).as(err.toString()).isZero();
        assertThat(json(one.resolve("gradebook.json")).get("submissions")).isNotEmpty();
        assertThat(json(two.resolve("gradebook.json")).get("submissions")).isNotEmpty();
        Path merged = temp.resolve("merged");
        out.getBuffer().setLength(0);
        assertThat(lab("results", "merge", "--out", merged.toString(), one.toString(), two.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("merged 2 shards, 3 submissions");
        assertThat(csv(merged)).isEqualTo(full);
        for (String student : CLASS) {
            assertThat(merged.resolve("submissions").resolve(student).resolve("row.json")).exists();
        }

        err.getBuffer().setLength(0);
        assertThat(lab("results", "merge", "--out", temp.resolve("twice").toString(), one.toString(), one.toString()))
                .isEqualTo(2);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains("is in both", one.toString());
    }

    @Test
    void badUsageIsOneLineAndExitCodeTwo() throws IOException {
        Path submissions = classOf(Map.of("alice", "echo"));
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--shard", "3/2")).isEqualTo(2);
        assertThat(err.toString()).contains("--shard 3/2: write i/n with 1 <= i <= n");
        err.getBuffer().setLength(0);
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--jobs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--jobs 0");
        err.getBuffer().setLength(0);
        assertThat(lab("grade", "no-such-lab", submissions.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ");
        err.getBuffer().setLength(0);
        assertThat(lab("results", "merge", "--out", temp.resolve("m").toString(), submissions.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("holds no gradebook.json");
    }

    /**
     * A fault of the grading machine (here: the container sandbox asked for where no Docker engine answers) is
     * retried once, then the row says {@code error} with the reason, nothing is scored, and the exit code is 1;
     * {@code --resume} grades error rows again.
     */
    @Test
    void aFaultOfTheMachineIsRetriedOnceThenAnErrorRowAndExitCodeOne() throws IOException {
        assumeFalse(DockerEngine.available(), "a Docker engine answers here: the sandbox would work");
        Path submissions = classOf(Map.of("alice", "echo"));
        Path grades = temp.resolve("grades");

        int exit = lab("grade", "01-chatbot", submissions.toString(), "--out", grades.toString(), "--sandbox",
                "container", "--models", "embedded");

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("alice: the grading machine failed (", "grading it once more",
                "[1/1] alice: error: ", "could not be graded (row `error`)", "--resume");
        List<String> csv = Files.readAllLines(grades.resolve("gradebook.csv"));
        assertThat(csv.get(1)).startsWith("alice,error,0,0,,");
        JsonNode book = json(grades.resolve("gradebook.json"));
        assertThat(book.get("summary").get("errors").asInt()).isEqualTo(1);
        assertThat(book.get("summary").get("graded").asInt()).isZero();
        assertThat(grades.resolve("summary.md")).content().contains("1 could not be graded");
        assertThat(grades.resolve("submissions/alice/result.json")).doesNotExist();

        err.getBuffer().setLength(0);
        assertThat(lab("grade", "01-chatbot", submissions.toString(), "--out", grades.toString(), "--resume",
                "--sandbox", "container", "--models", "embedded")).isEqualTo(1);
        assertThat(err.toString()).contains("Grading 1 submission");
    }

    /** --format's reports go into each student's folder; --similarity lists two copies of one app as a pair. */
    @Test
    void writesTheFormatsAskedForAndFindsCopiedSubmissions() throws IOException {
        Path submissions = classOf(Map.of("alice", "echo", "bob", "echo"));
        Path grades = temp.resolve("grades");

        int exit = lab("grade", "01-chatbot", submissions.toString(), "--jobs", "2", "--out", grades.toString(),
                "--sandbox", "process", "--models", "embedded", "--format", "md,gradescope", "--similarity");

        assertThat(exit).as(err.toString()).isZero();
        for (String student : List.of("alice", "bob")) {
            Path folder = grades.resolve("submissions").resolve(student);
            assertThat(folder.resolve("report.md")).exists();
            assertThat(json(folder.resolve("results.json")).has("tests")).isTrue();
            assertThat(folder.resolve("report.html")).content().contains("<html");
        }
        JsonNode pairs = json(grades.resolve("gradebook.json")).get("similarPairs");
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).get("first").asText()).isEqualTo("alice");
        assertThat(pairs.get(0).get("second").asText()).isEqualTo("bob");
        assertThat(pairs.get(0).get("similarity").asDouble()).isGreaterThan(0.9);
        assertThat(grades.resolve("index.html")).content().contains("alice", "bob", "submissions/alice/report.html");
        assertThat(err.toString()).contains("Most similar: alice and bob");
    }
}
