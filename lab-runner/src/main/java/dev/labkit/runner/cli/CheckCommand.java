package dev.labkit.runner.cli;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.LabProject;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.provision.SpeechContainer;
import dev.labkit.runner.provision.SpeechProvisioner;
import dev.labkit.runner.report.ConsoleReport;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.JunitXmlReport;
import dev.labkit.runner.report.MarkdownReport;
import dev.labkit.runner.report.ReportFile;
import dev.labkit.runner.report.ReportFormat;
import dev.labkit.runner.report.ReportWriter;
import dev.labkit.runner.report.Visibility;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.RedisProvisioner;
import dev.labkit.runner.services.ServiceChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Grade a lab project: build it, start it with the lab model, run the lab's checks.",
            "Exit code: 0 all contract checks passed, 1 graded with failures, 2 could not grade."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "The project folder (default: the one made by `lab init` that you are in).")
    Path dir;

    @Option(names = "--lab", paramLabel = "LAB",
            description = {"The lab to grade against: an id (see `lab list`) or the folder of a lab (its lab.yaml), "
                + "wherever it is (default: from DIR/.labkit, or the lab folder DIR is in)."})
    String labId;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML.")
    Path junit;

    @Option(names = "--format", paramLabel = "LIST",
            description = {"Also write the result in these formats, comma-separated, each to its file in --out:",
                "json (result.json), junit (junit.xml), md (report.md; also appended to $GITHUB_STEP_SUMMARY when "
                + "set), html (report.html), gradescope (results.json), classroom (classroom.json), prairielearn "
                + "(results/results.json). See docs/results.md and docs/platforms.md."})
    String formats;

    @Option(names = "--out", paramLabel = "DIR", description = "The folder for --format's files (created).")
    Path outDir;

    @Option(names = "--models", paramLabel = "auto|embedded|container|url=URL", defaultValue = "auto",
            description = {"Where live checks get a real model (default: ${DEFAULT-VALUE}): auto uses an Ollama at "
                + "OLLAMA_HOST or 127.0.0.1:11434 if one answers, else Ollama in Docker if its image is local; "
                + "container starts Ollama in Docker (LABKIT_OLLAMA_IMAGE, default " + ContainerModels.DEFAULT_IMAGE
                + "), its models cached in a local image; url=URL uses that Ollama; missing models are pulled; "
                + "embedded uses none (live checks skipped). Contract checks always run on the lab model.",
                "A lab with speech roles (stt, tts) gets a speech server likewise: --speech-url or LABKIT_SPEECH_URL "
                + "if set, else for container (and auto, if its image is local) one in Docker (LABKIT_SPEECH_IMAGE, "
                + "default " + SpeechContainer.DEFAULT_IMAGE + "), its models cached in a local image."})
    String models;

    @Option(names = "--speech-url", paramLabel = "URL",
            description = {"A speech server with OpenAI's audio API for live speech checks, e.g. http://127.0.0.1:8000 "
                + "(default: LABKIT_SPEECH_URL); its missing models are downloaded through speaches' model API."})
    String speechUrl;

    @Option(names = "--service", paramLabel = "NAME=URL",
            description = {"A lab service you run, for labs that declare services (lab.yaml services:), e.g.",
                "--service redis=redis://127.0.0.1:6379 (repeatable; default: LABKIT_REDIS_URL); checked with PING."})
    List<String> serviceUrls = new ArrayList<>();

    @Option(names = "--services", paramLabel = "auto|container|process|embedded", defaultValue = "auto",
            description = {"Where the lab's services (Redis) come from (default: ${DEFAULT-VALUE}): auto uses a URL "
                + "given by --service or LABKIT_REDIS_URL, else a container from a local image (LABKIT_REDIS_IMAGE, "
                + "default redis:7.4-alpine; never pulled) when Docker answers, else redis-server on the PATH as a "
                + "local process, else an embedded Redis in the runner (jedis-mock); the others force one."})
    String services;

    @Option(names = "--sandbox", paramLabel = "process|container", defaultValue = "process",
            description = {"Where the build and the app run (default: ${DEFAULT-VALUE}): process runs them as local "
                + "processes, as you; container runs them in Docker as a non-root user, on a read-only file system, "
                + "with CPU and memory limits, the app with no network but the lab model and the lab's services "
                + "(images: LABKIT_BUILD_IMAGE, default labkit/build-base:17, made by docker/build-base.sh; "
                + "LABKIT_JRE_IMAGE, default eclipse-temurin:17-jre)."})
    String sandbox;

    @Option(names = "--instructor", description = "Show the details of hidden checks.")
    boolean instructor;

    // Negatable and true by default, as picocli's docs declare one: --no-transcripts sets it to false.
    @Option(names = "--no-transcripts", negatable = true,
            description = "Print the model transcript, and what the app printed meanwhile, under each failed check"
                    + " (default: yes).")
    boolean transcripts = true;

    @Spec
    CommandSpec spec;

    private final Path workingDir;

    CheckCommand() {
        this(Path.of(""));
    }

    /** A command that runs as if started in {@code workingDir} (a JVM cannot change its own). */
    CheckCommand(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog = LabCli.catalog(spec);
        if (dir == null) {
            dir = projectHere(catalog);
        }
        if (!Files.isDirectory(dir)) {
            throw LabException.notADirectory(dir);
        }
        LabManifest lab = labFor(catalog);
        ModelProvider provider = ModelProvider.parse(models);
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (speechUrl != null) {
            environment.put(SpeechProvisioner.URL_VARIABLE, SpeechProvisioner.v1(speechUrl).toString());
        }
        ServiceChoice serviceChoice = ServiceChoice.parse(services);
        putServiceUrls(serviceChoice, environment);
        SandboxMode sandboxMode = SandboxMode.parse(sandbox);
        Visibility visibility = instructor ? Visibility.INSTRUCTOR : Visibility.LEARNER;
        Map<Path, ReportWriter> files = reportWriters(visibility);
        for (Path report : files.keySet()) {
            requireWritable(report);
        }
        GradeResult result;
        try (ConsoleProgress progress = new ConsoleProgress(err, System.console() != null)) {
            result = new Grader(progress, Clock.systemUTC(), environment)
                    .grade(withScreenshotsFolder(new GradeRequest(lab, dir, provider, sandboxMode, serviceChoice)));
        }
        List<String> notWritten = new ArrayList<>();
        for (Map.Entry<Path, ReportWriter> file : files.entrySet()) {
            writeFile(file.getKey(), file.getValue(), result).ifPresent(notWritten::add);
        }
        appendStepSummary(result, visibility).ifPresent(notWritten::add);
        boolean allWritten = notWritten.isEmpty();
        try {
            new ConsoleReport(visibility, transcripts).write(result, out);
        } catch (IOException e) {
            allWritten = false;
        }
        // After the score, so that the last line a learner reads says what went wrong (exit code 2).
        notWritten.forEach(err::println);
        return allWritten ? ExitCode.of(result).code() : ExitCode.COULD_NOT_GRADE.code();
    }

    /**
     * {@code --service NAME=URL} as the environment variable the services read ({@code LABKIT_REDIS_URL}); a
     * name the runner has no service of, a bad URL, or a URL with a forced {@code --services} is a usage error.
     */
    private void putServiceUrls(ServiceChoice choice, Map<String, String> environment) {
        for (String given : serviceUrls) {
            int equals = given.indexOf('=');
            String name = equals < 0 ? "" : given.substring(0, equals).strip();
            if (!ServiceSpec.KINDS.contains(name)) {
                throw LabException.of("--service " + given + ": write NAME=URL with NAME one of "
                        + String.join(", ", ServiceSpec.KINDS.stream().sorted().toList())
                        + " (e.g. --service redis=redis://127.0.0.1:6379)");
            }
            if (choice != ServiceChoice.AUTO) {
                throw LabException.of("--service " + given + " and --services " + choice.id() + " say different"
                        + " things: give one of them");
            }
            environment.put(RedisProvisioner.URL_VARIABLE, RedisProvisioner.url(given.substring(equals + 1)).toString());
        }
        if (choice != ServiceChoice.AUTO) {
            // A forced provider wins over a URL the shell happens to set.
            environment.remove(RedisProvisioner.URL_VARIABLE);
        }
    }

    /**
     * With no DIR: the project made by {@code lab init} that the working folder is in (it or a folder
     * above it has the {@code .labkit} file); else the working folder itself when it is in a lab's own
     * folder or {@code --lab} names the lab.
     */
    private Path projectHere(Catalog catalog) {
        return LabProject.enclosing(workingDir).orElseGet(() -> {
            if (labId != null || Catalog.labFolderAbove(workingDir).isPresent()) {
                return workingDir;
            }
            throw LabException.of("no lab project here (no " + LabProject.MARKER + " file in " + workingDir
                    + " or above): run `lab check` inside a folder made by `lab init`, or give the folder: lab check DIR");
        });
    }

    private LabManifest labFor(Catalog catalog) {
        if (labId != null) {
            return labNamed(catalog, workingDir, labId);
        }
        return LabProject.markedLab(dir).map(catalog::require)
                .or(() -> catalog.enclosing(dir))
                .or(() -> Catalog.labFolderAbove(dir))
                .orElseThrow(() -> LabException.of("cannot tell which lab " + dir + " is for: pass --lab <id>"
                        + " (see `lab list`), or create the project with `lab init`"));
    }

    /**
     * The lab a command line names ({@code lab check --lab LAB}, {@code lab grade LAB}): a folder when {@code lab}
     * is a path or a folder here that holds a lab.yaml (read from {@code workingDir}), else an id of the catalog.
     */
    static LabManifest labNamed(Catalog catalog, Path workingDir, String lab) {
        boolean folder = lab.contains("/") || lab.contains(java.io.File.separator) || lab.equals(".")
                || lab.equals("..") || Files.isRegularFile(workingDir.resolve(lab).resolve("lab.yaml"));
        return folder ? Catalog.readLab(workingDir.resolve(lab)) : catalog.require(lab);
    }

    /**
     * The report files asked for, each with its writer: {@code --json}, {@code --junit}, then each of
     * {@code --format}'s formats under {@code --out}, in the order given. A bad {@code --format}, or one of
     * {@code --format} and {@code --out} without the other, is a usage error (before anything is built).
     */
    /** The folder the PNGs of failed browser checks are kept in, beside the other files; see docs/browser.md. */
    static final String SCREENSHOTS = "screenshots";

    /**
     * Failed browser checks' screenshots go to {@code screenshots/} in {@code --out}, else beside {@code --json} (or
     * {@code --junit}); with none of them, to a new folder under the system temp folder. The console report names
     * each screenshot.
     */
    private GradeRequest withScreenshotsFolder(GradeRequest request) {
        Path beside = outDir != null ? outDir : json != null ? parent(json) : junit != null ? parent(junit) : null;
        return beside == null ? request : request.withEvidenceDir(beside.resolve(SCREENSHOTS));
    }

    private static Path parent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }

    private Map<Path, ReportWriter> reportWriters(Visibility visibility) {
        if ((formats == null) != (outDir == null)) {
            throw LabException.of(formats == null ? "--out " + outDir + " needs --format LIST (e.g. --format json,md)"
                    : "--format " + formats + " needs --out DIR, the folder for its files");
        }
        Map<Path, ReportWriter> files = new LinkedHashMap<>();
        if (json != null) {
            files.put(json, new JsonReport(visibility));
        }
        if (junit != null) {
            files.put(junit, new JunitXmlReport(visibility));
        }
        if (formats != null) {
            for (ReportFormat format : ReportFormat.parseList(formats)) {
                Path file = outDir.resolve(format.fileName());
                if (files.containsKey(file)) {
                    throw LabException.of("--format " + format.id() + " would write " + file
                            + ", which --json or --junit also names: give that option another file");
                }
                files.put(file, format.writer(visibility));
            }
        }
        return files;
    }

    /**
     * With {@code md} among {@code --format} and {@code GITHUB_STEP_SUMMARY} set (in a GitHub Actions step):
     * the Markdown report appended to that file, so it shows on the job's page. Empty when done or not asked
     * for, else the error line to print.
     */
    private Optional<String> appendStepSummary(GradeResult result, Visibility visibility) {
        String summary = LabCli.environment(spec).getOrDefault(MarkdownReport.STEP_SUMMARY, "");
        if (formats == null || summary.isBlank() || !ReportFormat.parseList(formats).contains(ReportFormat.MD)) {
            return Optional.empty();
        }
        try (Writer out = Files.newBufferedWriter(Path.of(summary), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            new MarkdownReport(visibility).write(result, out);
            return Optional.empty();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return Optional.of("error: cannot append the summary to GITHUB_STEP_SUMMARY=" + summary + " ("
                    + (e instanceof IOException io ? whyNot(io) : e.getMessage()) + "); the result is printed above");
        }
    }

    /**
     * Before anything is built: a report path that cannot be written is a usage error now, not after
     * minutes of grading. Creates the missing folders, as writing the report would.
     */
    private static void requireWritable(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw LabException.of("cannot write the report " + file + " (" + whyNot(e) + "): choose a writable path");
        }
        if (Files.isDirectory(absolute)) {
            throw LabException.of("cannot write the report " + file + " (it is a folder): name a file");
        }
        // Tried for real, not asked about: root may "write" where nothing can be (/proc). The report is written
        // to a temporary file in its folder and moved over the old one, so that is what is tried; an existing
        // report stays as it is until the new one replaces it.
        try {
            Files.delete(Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".probe"));
        } catch (IOException e) {
            throw LabException.of("cannot write the report " + file + " (" + whyNot(e) + "): choose a writable path");
        }
    }

    private static String whyNot(IOException e) {
        return e instanceof FileAlreadyExistsException in ? in.getFile() + " is a file, not a folder" : FileTrees.reason(e);
    }

    /**
     * Writes one report, whole or not at all (a temporary file moved over it); a failure is reported and does
     * not stop the other reports. Empty when written, else the error line to print.
     */
    private static Optional<String> writeFile(Path file, ReportWriter writer, GradeResult result) {
        // Its folder was made by requireWritable, before grading.
        try {
            ReportFile.write(file, writer, result);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("error: cannot write the report " + file + " (" + whyNot(e)
                    + "): choose a writable path; the result is printed above");
        }
    }
}
