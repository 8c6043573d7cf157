package dev.labkit.runner.cli;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.batch.BatchRequest;
import dev.labkit.runner.batch.ClassGrader;
import dev.labkit.runner.batch.ClassIndexPage;
import dev.labkit.runner.batch.ClassSimilarity;
import dev.labkit.runner.batch.Gradebook;
import dev.labkit.runner.batch.Row;
import dev.labkit.runner.batch.Shard;
import dev.labkit.runner.batch.SubmissionReport;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.intake.Submission;
import dev.labkit.runner.intake.SubmissionIntake;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.report.MarkdownReport;
import dev.labkit.runner.report.ReportFormat;
import dev.labkit.runner.report.Visibility;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade a whole class: every submission of a folder (subfolders, .zip, .tar.gz) or roster CSV, "
            + "N at a time, into a gradebook (see docs/grading-a-class.md).",
            "Exit code: 0 every submission graded (whatever its score), 1 some could not be graded (row `error`: "
            + "a fault of the grading machine; grade them again with --resume), 2 bad usage."})
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab: an id (see `lab list`) or a lab's folder.")
    String labId;

    @Parameters(index = "1", paramLabel = "SUBMISSIONS",
            description = {"A folder of submissions (each subfolder, *.zip, *.tar.gz, *.tgz; named by student), "
                + "or a roster CSV with columns student,path."})
    Path submissions;

    @Option(names = "--jobs", paramLabel = "N", description = "Gradings at once (default: the number of cores, ${DEFAULT-VALUE}).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "grades",
            description = "The output folder: gradebook.csv/json, summary.md, index.html, submissions/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = {"Keep the rows of an earlier run into --out whose submission did not "
        + "change (same content hash); grade the others, and those whose row is `error`, again."})
    boolean resume;

    @Option(names = "--sandbox", paramLabel = "process|container",
            description = {"Where each submission is built and run (default: container when Docker answers, else "
                + "process): you grade code you did not write. See `lab check --help`."})
    String sandbox;

    @Option(names = "--models", paramLabel = "auto|embedded|container|url=URL", defaultValue = "auto",
            description = "Where live checks get a real model (default: ${DEFAULT-VALUE}; see `lab check --help`).")
    String models;

    @Option(names = "--services", paramLabel = "auto|container|process|embedded", defaultValue = "auto",
            description = "Where the lab's services come from (default: ${DEFAULT-VALUE}; see `lab check --help`).")
    String services;

    @Option(names = "--format", paramLabel = "LIST",
            description = {"More reports in each student's folder, comma-separated: json, junit, md, html, gradescope, "
                + "classroom, prairielearn (docs/results.md; result.json and report.html are always written)."})
    String format;

    @Option(names = "--similarity", description = {"Also compare the submissions' code with JPlag (the lab's "
            + "scaffold as base code) and list the most similar pairs in index.html and gradebook.json."})
    boolean similarity;

    @Option(names = "--shard", paramLabel = "i/n",
            description = {"Grade only shard i of n (1 <= i <= n): a stable part of the students, by a hash of their "
                + "id; merge the shards' --out folders with `lab results merge`."})
    String shard;

    @Spec
    CommandSpec spec;

    private final Path workingDir;
    private final Map<String, String> environment;

    GradeCommand() {
        this(Path.of(""), System.getenv());
    }

    /** A command run as if started in {@code workingDir}, with {@code environment}. */
    GradeCommand(Path workingDir, Map<String, String> environment) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            throw LabException.of("--jobs " + jobs + ": give 1 or more gradings at once");
        }
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        List<SubmissionReport> reports = reports(format == null ? List.of() : ReportFormat.parseList(format));
        LabManifest lab = CheckCommand.labNamed(LabCli.catalog(spec), workingDir, labId);
        ModelProvider provider = ModelProvider.parse(models);
        ServiceChoice serviceChoice = ServiceChoice.parse(services);
        SandboxMode sandboxMode = sandboxMode(err);
        List<Submission> all = SubmissionIntake.discover(workingDir.resolve(submissions));
        List<Submission> mine = all.stream().filter(s -> part.contains(s.student())).toList();
        if (part != Shard.ALL) {
            err.println("shard " + part + ": " + mine.size() + " of " + all.size() + " submissions");
        }
        Path output = workingDir.resolve(out);
        BatchRequest request = new BatchRequest(lab, mine, output, jobs, resume, sandboxMode, provider, serviceChoice,
                reports);
        Gradebook gradebook;
        try (BatchProgress progress = new BatchProgress(err, System.console() != null)) {
            ClassGrader grader = new ClassGrader(environment, progress, new ClassIndexPage());
            // Ctrl-C (SIGINT) or SIGTERM: no grading starts any more; those under way are stopped by their own
            // cleanup hooks and leave no row; every row written so far stays (each file was written atomically).
            Thread hook = new Thread(() -> grader.stop(Duration.ofSeconds(20)), "labkit-grade-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                gradebook = grader.grade(request);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Shutting down: the hook is running.
                }
            }
        }
        if (similarity) {
            compareSimilarity(lab, mine, gradebook, output, err);
        }
        appendStepSummary(output, err);
        List<Row> rows = gradebook.rows();
        long errors = rows.stream().filter(Row::isError).count();
        spec.commandLine().getOut().println(gradebook.summary().markdown(lab.id(), rows).lines().findFirst().orElse("")
                .replaceFirst("^# ", "") + ": " + output.resolve(Gradebook.CSV));
        if (errors > 0) {
            err.println(errors + (errors == 1 ? " submission" : " submissions") + " could not be graded (row `error`):"
                    + " run the same command with --resume to grade them again");
            return ExitCode.CHECKS_FAILED.code();
        }
        return ExitCode.OK.code();
    }

    /** Adds the most similar pairs to the gradebook and the index, and rewrites them. */
    private static void compareSimilarity(LabManifest lab, List<Submission> mine, Gradebook gradebook, Path output,
            PrintWriter err) {
        err.println("Comparing the submissions' code (JPlag) ...");
        err.flush();
        Optional<Path> scaffold = Optional.of(lab.scaffold()).filter(Files::isDirectory);
        List<Gradebook.Pair> pairs = ClassSimilarity.compare(mine, gradebook, scaffold, err::println);
        try {
            gradebook.writeTo(output);
            new ClassIndexPage().write(gradebook, output);
        } catch (IOException e) {
            throw LabException.of("cannot write the gradebook into " + output + " (" + FileTrees.reason(e)
                    + "): free some disk space or choose another --out", e);
        }
        err.println(pairs.isEmpty() ? "No similar pairs." : "Most similar: " + pairs.get(0).first() + " and "
                + pairs.get(0).second() + String.format(java.util.Locale.ROOT, " (%.0f%%)", 100 * pairs.get(0).similarity()));
    }

    /** --sandbox as given; by default container when Docker answers (said on stderr), else process. */
    private SandboxMode sandboxMode(PrintWriter err) {
        if (sandbox != null) {
            SandboxMode mode = SandboxMode.parse(sandbox);
            err.println("sandbox: " + mode.name().toLowerCase(java.util.Locale.ROOT));
            return mode;
        }
        if (DockerEngine.available()) {
            err.println("sandbox: container (Docker answers; --sandbox process to run submissions as local processes)");
            return SandboxMode.CONTAINER;
        }
        err.println("sandbox: process (Docker does not answer: submissions run as local processes, as you)");
        return SandboxMode.PROCESS;
    }

    /**
     * The report files written into each submission's folder besides result.json (instructor view): report.html,
     * then each of {@code formats} under its file name (json is result.json itself).
     */
    static List<SubmissionReport> reports(List<ReportFormat> formats) {
        List<SubmissionReport> reports = new ArrayList<>();
        reports.add(new SubmissionReport(ReportFormat.HTML.fileName(), ReportFormat.HTML.writer(Visibility.INSTRUCTOR)));
        for (ReportFormat format : formats) {
            if (format != ReportFormat.JSON && format != ReportFormat.HTML) {
                reports.add(new SubmissionReport(format.fileName(), format.writer(Visibility.INSTRUCTOR)));
            }
        }
        return reports;
    }

    /** Appends summary.md to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions' job summary). */
    private void appendStepSummary(Path output, PrintWriter err) {
        String file = environment.get(MarkdownReport.STEP_SUMMARY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), Files.readString(output.resolve(Gradebook.SUMMARY)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("warning: cannot append the summary to $" + MarkdownReport.STEP_SUMMARY + " " + file + " ("
                    + FileTrees.reason(e) + ")");
        }
    }
}
