package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.suite.SuiteBuild;
import dev.labkit.runner.validate.BrokenVariant;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab grade} on a class of 34 lab-01 submissions, graded for real with {@code --jobs 2} (in-process, as
 * other cli tests): the reference solution, the scaffold, every broken variant of the lab (built as {@code lab
 * validate} builds them), hostile apps (one that crashes at start, one that hangs at start, one that floods its
 * output, one that daemonises a child that outlives it, one that exits mid-check (the solution halting on its fourth chat), one that does not build), the
 * grader's echo app as a folder, a .zip and a .tar.gz, and a zip bomb. Every row gets the status and score it
 * earned; one run serves every assertion. The lab is a copy of lab 01 with a 20 s start limit instead of 60 s (so
 * that the apps that never become healthy end sooner; its checks' jar copied in as a packed lab's).
 */
class GradeClassTests {

    @TempDir
    static Path temp;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path grades;
    private static Path submissions;
    private static int exit;
    private static String err;
    private static Map<String, JsonNode> rows = new TreeMap<>();
    private static List<BrokenVariant> variants;

    @BeforeAll
    static void gradeTheClass() throws Exception {
        LabManifest original = TestLabs.lab("01-chatbot");
        Path lab = temp.resolve("labs").resolve("01-chatbot");
        FileTrees.copy(original.dir(), lab, Set.of("target"));
        Files.copy(SuiteBuild.jar(original, detail -> {}).orElseThrow(), lab.resolve(SuiteBuild.PACKED_JAR));
        Path yaml = lab.resolve("lab.yaml");
        String manifest = Files.readString(yaml);
        assertThat(manifest).contains("  start: 60s\n");
        Files.writeString(yaml, manifest.replace("  start: 60s\n", "  start: 20s\n"));

        submissions = temp.resolve("class");
        Files.createDirectories(submissions);
        FileTrees.copy(original.solution(), submissions.resolve("solution"), Set.of("target"));
        FileTrees.copy(original.scaffold(), submissions.resolve("scaffold"), Set.of("target"));
        variants = BrokenVariant.files(original.dir()).stream().map(BrokenVariant::read).toList();
        for (BrokenVariant variant : variants) {
            variant.applyTo(original.solution(), submissions.resolve("variant-" + variant.name()));
        }
        FileTrees.copy(TestLabs.app("exits-at-start"), submissions.resolve("crashes-at-start"), Set.of());
        FileTrees.copy(TestLabs.app("never-opens-port"), submissions.resolve("hangs-at-start"), Set.of());
        FileTrees.copy(TestLabs.app("floods-output"), submissions.resolve("floods-output"), Set.of());
        Path daemon = submissions.resolve("daemonises");
        FileTrees.copy(TestLabs.app("leaves-helpers"), daemon, Set.of());
        Files.copy(TestLabs.app("echo").resolve("EchoApp.java"), daemon.resolve("EchoApp.java"));
        Files.writeString(daemon.resolve("token"), UUID.randomUUID().toString());
        // The solution, halting (as a crash would) on its fourth chat request: healthy, then gone mid-check.
        Path exits = submissions.resolve("exits-mid-check");
        FileTrees.copy(original.solution(), exits, Set.of("target"));
        Path routes = exits.resolve("src/main/java/com/example/sprout/ChatRoutes.java");
        String chat = "    void chat(Context ctx) {\n";
        assertThat(Files.readString(routes)).contains(chat);
        Files.writeString(routes, Files.readString(routes).replace(chat, "    private static final"
                + " java.util.concurrent.atomic.AtomicInteger CHATS = new java.util.concurrent.atomic.AtomicInteger();\n\n"
                + chat + "        if (CHATS.incrementAndGet() > 3) {\n            Runtime.getRuntime().halt(1);\n        }\n"));
        Path broken = submissions.resolve("does-not-build");
        FileTrees.copy(original.solution(), broken, Set.of("target"));
        Path main = broken.resolve("src/main/java/com/example/sprout/Sprout.java");
        Files.writeString(main, Files.readString(main) + "\nclass Unfinished {\n");
        FileTrees.copy(TestLabs.app("echo"), submissions.resolve("echo"), Set.of());
        zip(TestLabs.app("echo"), submissions.resolve("echo-zip.zip"));
        tarGz(TestLabs.app("echo"), submissions.resolve("echo-tgz.tar.gz"));
        zipBomb(submissions.resolve("zip-bomb.zip"));

        grades = temp.resolve("grades");
        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        exit = LabCli.run(new PrintWriter(out, true), new PrintWriter(errors, true), "grade", lab.toString(),
                submissions.toString(), "--jobs", "2", "--out", grades.toString(), "--sandbox", "process",
                "--models", "embedded");
        err = errors.toString();
        assertThat(grades.resolve("gradebook.json")).as(err).exists();
        for (JsonNode row : JSON.readTree(grades.resolve("gradebook.json").toFile()).get("submissions")) {
            rows.put(row.get("student").asText(), row);
        }
    }

    private static void zip(Path folder, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry("echo/" + folder.relativize(file)));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void tarGz(Path folder, Path tgz) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)));
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putArchiveEntry(new TarArchiveEntry(file.toFile(), folder.relativize(file).toString()));
                Files.copy(file, out);
                out.closeArchiveEntry();
            }
        }
    }

    /** 1 GB of zeros in one entry, a megabyte or so compressed. */
    private static void zipBomb(Path zip) throws IOException {
        byte[] zeros = new byte[1 << 20];
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("bomb/submission.yaml"));
            out.write("start: exec sleep 600\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("bomb/zeros.bin"));
            for (int i = 0; i < 1024; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
    }

    private static JsonNode row(String student) {
        assertThat(rows).as(err).containsKey(student);
        return rows.get(student);
    }

    private static JsonNode result(String student) throws IOException {
        return JSON.readTree(grades.resolve("submissions").resolve(student).resolve("result.json").toFile());
    }

    /** The ids of the checks that did not pass (failed or error). */
    private static Set<String> notPassed(String student) throws IOException {
        return checkIds(student, check -> Set.of("failed", "error").contains(check.get("status").asText()));
    }

    /** The ids of the browser and live checks that were skipped (no browser, no real model). */
    private static Set<String> skippedBeyondContract(String student) throws IOException {
        return checkIds(student, check -> check.get("status").asText().equals("skipped")
                && !check.get("tier").asText().equals("contract"));
    }

    /** The ids of the checks in the student's result.json that {@code which} accepts. */
    private static Set<String> checkIds(String student, Predicate<JsonNode> which) throws IOException {
        Set<String> ids = new TreeSet<>();
        result(student).get("checks").forEach(check -> {
            if (which.test(check)) {
                ids.add(check.get("id").asText());
            }
        });
        return ids;
    }

    /** The ids of the result's diagnoses. */
    private static Set<String> diagnoses(String student) throws IOException {
        Set<String> ids = new TreeSet<>();
        result(student).get("diagnosis").forEach(cause -> ids.add(cause.get("id").asText()));
        return ids;
    }

    private static void assertRow(String student, String status, int score) {
        JsonNode row = row(student);
        assertThat(row.get("status").asText()).as(student + ": " + row).isEqualTo(status);
        assertThat(row.get("score").asInt()).as(student + ": " + row).isEqualTo(score);
    }

    @Test
    void everySubmissionHasARowAndTheBatchEndsWithExitCodeZero() throws IOException {
        assertThat(exit).as(err).isZero();
        assertThat(rows).hasSize(variants.size() + 12);
        assertThat(rows.size()).isGreaterThanOrEqualTo(30);
        assertThat(Files.readAllLines(grades.resolve("gradebook.csv"))).hasSize(rows.size() + 1);
        assertThat(err).contains("sandbox: process", "[" + rows.size() + "/" + rows.size() + "]");
        assertThat(grades.resolve("index.html")).content().contains("solution", "zip-bomb");
        assertThat(grades.resolve("summary.md")).content().contains("| rejected | 1 |", "| error | 0 |");
        for (String student : rows.keySet()) {
            if (!student.equals("zip-bomb")) {
                assertThat(grades.resolve("submissions").resolve(student).resolve("report.html")).as(student).exists();
            }
        }
    }

    /**
     * What {@code lab validate} asks of lab 01 (LabSolutionsTests leaves lab 01's gradings to this batch, so that
     * CI grades each of them once): the solution passes with full marks; each broken variant fails exactly the
     * checks it names (but browser and live checks that were skipped) with exactly its diagnoses and loses their
     * points; the scaffold passes health, scores at most scaffold-max-score, fails every browser check that ran, and
     * its report opens with the endpoints it has not written.
     */
    @Test
    void theSolutionPassesAndEachBrokenVariantLosesExactlyTheChecksItBreaks() throws IOException {
        JsonNode solution = row("solution");
        assertThat(solution.get("status").asText()).isEqualTo("passed");
        int full = solution.get("score").asInt();
        assertThat(full).isEqualTo(solution.get("maxScore").asInt()).isPositive();
        // A graded submission's folder keeps what its app printed (Javalin's start) and what its build printed.
        assertThat(grades.resolve("submissions/solution/app.log")).content().contains("Starting Javalin");
        assertThat(grades.resolve("submissions/solution/build.log")).exists();
        Map<String, Integer> points = new HashMap<>();
        result("solution").get("checks").forEach(check -> points.put(check.get("id").asText(),
                check.get("maxPoints").asInt()));
        for (BrokenVariant variant : variants) {
            String student = "variant-" + variant.name();
            Set<String> expected = new TreeSet<>(variant.fails());
            expected.removeAll(skippedBeyondContract(student));
            assertThat(notPassed(student)).as(student + " (" + variant.description() + ")").isEqualTo(expected);
            assertThat(diagnoses(student)).as(student).isEqualTo(new TreeSet<>(variant.diagnosis()));
            assertRow(student, "failed", full - expected.stream().mapToInt(points::get).sum());
        }
        JsonNode scaffold = row("scaffold");
        assertThat(scaffold.get("status").asText()).isEqualTo("failed");
        assertThat(scaffold.get("score").asInt()).isBetween(0, LabManifest.SCAFFOLD_MAX_SCORE);
        result("scaffold").get("checks").forEach(check -> {
            String status = check.get("status").asText();
            if (check.get("id").asText().equals("health")) {
                assertThat(status).as("the scaffold's health").isEqualTo("passed");
            }
            if (check.get("tier").asText().equals("browser") && !status.equals("skipped")) {
                assertThat(status).as("the scaffold's " + check.get("id").asText()).isIn("failed", "error");
            }
        });
        assertThat(diagnoses("scaffold")).containsExactly("endpoint-missing");
    }

    @Test
    void hostileSubmissionsGetTheirOwnRowAndNeverStopTheBatch() throws IOException {
        assertRow("crashes-at-start", "start-failed", 0);
        assertThat(row("crashes-at-start").get("reason").asText()).isNotBlank();
        assertRow("hangs-at-start", "start-failed", 0);
        assertRow("floods-output", "start-failed", 0);
        assertThat(Files.size(grades.resolve("submissions/floods-output/app.log"))).isLessThan(1 << 20);
        assertRow("does-not-build", "build-failed", 0);
        assertThat(grades.resolve("submissions/does-not-build/build.log")).content().contains("Sprout.java");
        assertThat(grades.resolve("submissions/does-not-build/app.log")).isEmptyFile();

        JsonNode echo = row("echo");
        assertThat(echo.get("status").asText()).isEqualTo("failed");
        int earned = echo.get("score").asInt();
        assertThat(earned).isPositive();
        for (String same : List.of("echo-zip", "echo-tgz", "daemonises")) {
            assertRow(same, "failed", earned);
        }
        assertThat(result("daemonises").get("cleanup").get("leftoverProcesses").asInt()).isPositive();
        JsonNode exits = row("exits-mid-check");
        assertThat(exits.get("status").asText()).isEqualTo("failed");
        assertThat(exits.get("score").asInt()).isPositive().isLessThan(row("solution").get("score").asInt());

        assertRow("zip-bomb", "rejected", 0);
        assertThat(row("zip-bomb").get("reason").asText()).isNotBlank().doesNotContain("\n");
        assertThat(grades.resolve("submissions/zip-bomb/result.json")).doesNotExist();
    }
}
