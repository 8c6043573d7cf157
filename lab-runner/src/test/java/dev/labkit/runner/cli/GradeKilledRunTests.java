package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.validate.BrokenVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's "nothing lost when the run is killed half-way and resumed", with a real kill: {@code lab grade} runs as
 * an OS process of its own over a class of four lab-01 submissions (two copies of the solution, the scaffold, a
 * broken variant), {@code --jobs 2}; once two rows are written and a grading under way has its app running, the
 * runner's JVM gets SIGKILL ({@link Process#destroyForcibly()} on Linux), so none of its cleanup runs.
 * Then: nothing the killed runner started is still alive; every file of the output folder is whole; {@code --resume}
 * grades only the two unfinished submissions and ends with the gradebook an uninterrupted run of the same class
 * writes, byte for byte (gradebook.csv holds no time: docs/grading-a-class.md), and deletes the killed run's
 * workspaces from the temporary folder. Linux only (/proc). The runner runs as {@link LabProcessFixture} runs it: this
 * build's classes, {@code java -cp ... Main}, as {@code java -jar lab-runner.jar} would.
 */
class GradeKilledRunTests {

    private static final List<String> CLASS = List.of("alice", "bob", "carol", "dave");
    // A grading takes 30 to 140 s on a shared 2-core machine (load 1 to 28): generous bounds, never timed assertions.
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    private static final Duration KILL_POINT_LIMIT = Duration.ofMinutes(8);
    private static final Duration SURVIVOR_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aRunKilledHalfWayLeavesNoProcessNorBrokenFileAndResumesToTheUninterruptedGradebook() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).as("needs Linux's /proc").exists();
        Path submissions = classOfFour();

        // The gradebook of an uninterrupted run, to compare with.
        Path full = temp.resolve("full");
        LabProcessFixture.Result uninterrupted = new LabProcessFixture(Files.createDirectories(temp.resolve("run-full")))
                .run(RUN_LIMIT, grade(submissions, full));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

        // The run to kill: SIGKILL once two rows are written and a grading under way has its app running.
        Path out = temp.resolve("grades");
        LabProcessFixture killedRun = new LabProcessFixture(Files.createDirectories(temp.resolve("run-killed")));
        Path err = temp.resolve("run-killed/err.txt");
        Process runner = killedRun.start(temp.resolve("run-killed/out.txt"), err, grade(submissions, out));
        List<ProcessHandle> started;
        try {
            started = awaitKillPoint(runner, out, err);
        } finally {
            runner.destroyForcibly();
        }
        assertThat(runner.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the runner died of SIGKILL").isTrue();
        assertThat(runner.exitValue()).as("the runner's exit status (128 + SIGKILL)").isEqualTo(137);

        // (a) Nothing the killed runner started outlives it: its builds, apps and their children.
        List<String> survivors = survivors(started, killedRun.temporaryFolder());
        for (long end = System.nanoTime() + SURVIVOR_LIMIT.toNanos(); !survivors.isEmpty() && System.nanoTime() < end; ) {
            Thread.sleep(200);
            survivors = survivors(started, killedRun.temporaryFolder());
        }
        killAll(survivors);
        assertThat(survivors).as("processes of the killed runner still alive " + SURVIVOR_LIMIT.toSeconds()
                + " s after it died (pid: command line)").isEmpty();

        // (b) Every file of the output folder is whole.
        List<String> finished = finishedStudents(out);
        assertThat(finished).as("rows written before the kill").hasSizeBetween(2, CLASS.size() - 1);
        assertWhole(out, finished);
        Map<Path, FileTime> kept = new TreeMap<>();
        Map<Path, String> keptContent = new TreeMap<>();
        for (String student : finished) {
            for (String file : List.of("row.json", "result.json")) {
                Path path = out.resolve("submissions").resolve(student).resolve(file);
                kept.put(path, Files.getLastModifiedTime(path));
                keptContent.put(path, Files.readString(path));
            }
        }

        // What the killed run left in its temporary folder: its workspaces, for the next run (same tmpdir) to delete.
        List<Path> leftFolders;
        try (Stream<Path> entries = Files.list(killedRun.temporaryFolder())) {
            leftFolders = entries.filter(p -> p.getFileName().toString().startsWith("labkit-") && Files.isDirectory(p))
                    .toList();
        }
        assertThat(leftFolders).as("the killed run's workspaces").isNotEmpty();

        // (c) --resume grades only what was not finished, and ends with the uninterrupted run's gradebook.
        Thread.sleep(20); // so that a file written again would get another modification time
        LabProcessFixture.Result resumed = killedRun.run(RUN_LIMIT, append(grade(submissions, out), "--resume"));
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        int left = CLASS.size() - finished.size();
        assertThat(resumed.err()).as(resumed.toString())
                .contains("Grading " + left + " submission", finished.size() + " kept from the earlier run")
                .contains("[" + left + "/" + left + "]");
        for (String student : finished) {
            assertThat(resumed.err()).as("a row finished before the kill is not graded again")
                    .doesNotContain("] " + student + ":");
        }
        for (Map.Entry<Path, FileTime> file : kept.entrySet()) {
            assertThat(Files.getLastModifiedTime(file.getKey())).as(file.getKey() + " is not written again")
                    .isEqualTo(file.getValue());
            assertThat(file.getKey()).as(file.getKey() + " is not written again").hasContent(keptContent.get(file.getKey()));
        }
        assertThat(finishedStudents(out)).containsExactlyElementsOf(CLASS);
        assertWhole(out, CLASS);
        assertThat(leftFolders).as("the killed run's workspaces, deleted by the resumed run").allMatch(Files::notExists);
        assertThat(hiddenTemporaryFiles(out)).as("temporary files a killed write left, cleaned by the next run").isEmpty();
        assertThat(Files.readAllBytes(out.resolve("gradebook.csv")))
                .as("the resumed gradebook.csv, byte for byte, against an uninterrupted run's:\n"
                        + Files.readString(out.resolve("gradebook.csv")) + "\nvs\n" + Files.readString(full.resolve("gradebook.csv")))
                .isEqualTo(Files.readAllBytes(full.resolve("gradebook.csv")));
    }

    /** alice and bob: the solution, each with a file of its own; carol: the scaffold; dave: a broken variant. */
    private Path classOfFour() throws IOException {
        LabManifest lab = TestLabs.lab("01-chatbot");
        Path submissions = temp.resolve("class");
        for (String student : List.of("alice", "bob")) {
            FileTrees.copy(lab.solution(), submissions.resolve(student), Set.of("target"));
            Files.writeString(submissions.resolve(student).resolve("AUTHOR"), student + "\n");
        }
        FileTrees.copy(lab.scaffold(), submissions.resolve("carol"), Set.of("target"));
        BrokenVariant.read(lab.dir().resolve("broken/no-web-page.yaml"))
                .applyTo(lab.solution(), submissions.resolve("dave"));
        return submissions;
    }

    private static String[] grade(Path submissions, Path out) {
        return new String[] {"grade", "01-chatbot", submissions.toString(), "--jobs", "2", "--out", out.toString(),
            "--sandbox", "process", "--models", "embedded"};
    }

    private static String[] append(String[] args, String arg) {
        String[] longer = Arrays.copyOf(args, args.length + 1);
        longer[args.length] = arg;
        return longer;
    }

    /**
     * Waits until at least two rows are written and a grading under way has its app running ({@code java -jar
     * target/...}), then returns every process the runner started, to look for after the kill. (An app, not only a
     * build: a build killed half-way mostly ends by itself, its output pipe broken, while an app serves on.)
     */
    private static List<ProcessHandle> awaitKillPoint(Process runner, Path out, Path err) throws Exception {
        long end = System.nanoTime() + KILL_POINT_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (!runner.isAlive()) {
                throw new AssertionError("the run ended before it could be killed half-way\n" + Files.readString(err));
            }
            int rows = finishedStudents(out).size();
            int underWay = CLASS.size() - rows;
            if (rows >= 2 && underWay > 0 && runner.descendants().anyMatch(GradeKilledRunTests::isApp)) {
                return runner.descendants().toList();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no moment with two rows written and gradings under way within " + KILL_POINT_LIMIT
                + "\n" + Files.readString(err));
    }

    private static boolean isApp(ProcessHandle process) {
        return process.info().commandLine().orElse("").matches(".*/java -jar target/\\S+\\.jar.*");
    }

    /** The students whose row.json (written last) is there. */
    private static List<String> finishedStudents(Path out) {
        return CLASS.stream().filter(s -> Files.exists(out.resolve("submissions").resolve(s).resolve("row.json"))).toList();
    }

    /**
     * The live processes (zombies are dead) among those the runner had started, or working or named in its
     * temporary folder (its workspaces): "pid: command line" each.
     */
    private static List<String> survivors(List<ProcessHandle> started, Path runnerTemp) throws IOException {
        Set<Long> pids = new java.util.TreeSet<>();
        started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).forEach(pids::add);
        String tmp = runnerTemp.toRealPath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                if (cwd(proc).map(cwd -> cwd.startsWith(tmp)).orElse(false) || commandLine(proc).contains(tmp)) {
                    pids.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        }
        List<String> alive = new ArrayList<>();
        for (long pid : pids) {
            Path proc = Path.of("/proc", Long.toString(pid));
            if (pid != ProcessHandle.current().pid() && running(proc)) {
                alive.add(pid + ": " + commandLine(proc));
            }
        }
        return alive;
    }

    private static Optional<String> cwd(Path proc) {
        try {
            return Optional.of(Files.readSymbolicLink(proc.resolve("cwd")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Alive and not a zombie (state Z, or X: dead): the state follows the command name in parentheses. */
    private static boolean running(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The test cleans up after a failure too: what survived is killed before the assertion reports it. */
    private static void killAll(List<String> survivors) {
        for (String survivor : survivors) {
            ProcessHandle.of(Long.parseLong(survivor.substring(0, survivor.indexOf(':'))))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Every JSON file parses to an object, gradebook.csv parses with one cell per column in every row, and no file
     * is a temporary one in plain sight (AtomicFiles writes into hidden {@code .<name>...tmp} files). The gradebook
     * lists only students whose row is written (it is rewritten after each row.json: a kill in between leaves it a row
     * short).
     */
    private static void assertWhole(Path out, List<String> finished) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // a hidden temporary file of a write the kill interrupted: never read as a result
            }
            assertThat(name).as(file + " looks like a temporary file").doesNotEndWith(".tmp").doesNotContain("~");
            if (name.endsWith(".json")) {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(file.toFile());
                assertThat(node != null && node.isObject()).as(file + " parses as a JSON object").isTrue();
            }
        }
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = csv.readerForListOf(String.class)
                .readValues(out.resolve("gradebook.csv").toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows.get(0)).as("gradebook.csv's header").startsWith("student", "status", "score", "max");
        int columns = rows.get(0).size();
        assertThat(rows).as("gradebook.csv: as many cells in every row as in the header").allMatch(r -> r.size() == columns);
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.get(0)).toList())
                .as("gradebook.csv's students: those with a row.json").isSubsetOf(finished).hasSizeGreaterThanOrEqualTo(finished.size() - 1);
        List<String> inJson = new ArrayList<>();
        JSON.readTree(out.resolve("gradebook.json").toFile()).get("submissions").forEach(r -> inJson.add(r.get("student").asText()));
        assertThat(inJson).as("gradebook.json's students").isEqualTo(rows.subList(1, rows.size()).stream().map(r -> r.get(0)).toList());
    }

    private static List<Path> hiddenTemporaryFiles(Path out) throws IOException {
        Pattern temporary = Pattern.compile("\\..*\\.tmp");
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(p -> temporary.matcher(p.getFileName().toString()).matches()).toList();
        }
    }
}
