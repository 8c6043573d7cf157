package dev.labkit.runner.cli;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.validate.GradingOutcome;
import dev.labkit.runner.validate.LabValidator;
import dev.labkit.runner.validate.Problem;
import dev.labkit.runner.validate.ValidationReport;
import dev.labkit.runner.validate.ValidationRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Prove labs sound: every check has an id, title, points and hint, ids are unique, contract "
            + "points add up to 100, a live check exercises each model role, the brief's check table matches the "
            + "suite, and broken variant files name real checks; then grade the solution (full marks), the "
            + "scaffold (builds, passes health, at most scaffold-max-score) and every broken variant (fails exactly "
            + "its checks).",
            "Exit code: 0 sound, 1 problems found, 2 could not validate."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LAB", description = "A lab id (see `lab list`) or a lab's folder (with lab.yaml).")
    List<String> labs;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Gradings at once (default: the number of cores, here ${DEFAULT-VALUE}).")
    int jobs = ValidationRequest.defaultJobs();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where each grading's JSON result goes, DIR/<lab>/<what>.json (default: a new temporary folder).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LabManifest> manifests = manifests();
        ValidationRequest request = new ValidationRequest(manifests, jobs, this.out == null ? temporaryOut() : this.out);
        ValidationReport report;
        try (ValidateProgress progress = new ValidateProgress(err, System.console() != null)) {
            report = new LabValidator(new Grader(GradingListener.NONE, Clock.systemUTC()),
                    progress).validate(request);
        }
        report.problems().stream().map(Problem::line).forEach(out::println);
        if (!report.problems().isEmpty()) {
            out.println();
        }
        for (ValidationReport.LabReport lab : report.labs()) {
            int problems = lab.allProblems().size();
            long asExpected = lab.gradings().stream().filter(GradingOutcome::asExpected).count();
            out.println(lab.lab() + ": " + (lab.sound() ? "sound" : "not sound, " + problems
                    + (problems == 1 ? " problem" : " problems")) + " (static checks: " + lab.problems().size()
                    + " problems; gradings: " + asExpected + " of " + lab.gradings().size() + " as expected)");
        }
        out.println("Each grading's result: " + report.out());
        out.flush();
        return (report.sound() ? ExitCode.OK : ExitCode.CHECKS_FAILED).code();
    }

    /** Each LAB as a lab folder when it is one, else as a lab id of the catalog (read once, when first needed). */
    private List<LabManifest> manifests() {
        List<LabManifest> manifests = new ArrayList<>();
        Catalog catalog = null;
        for (String lab : labs) {
            Path dir = Path.of(lab);
            if (Files.isDirectory(dir)) {
                manifests.add(Catalog.readLab(dir.toAbsolutePath().normalize()));
                continue;
            }
            if (lab.contains("/") || lab.contains(java.io.File.separator)) {
                throw LabException.of(lab + " is not a folder: pass a lab's folder (with lab.yaml), or a lab id (see `lab list`)");
            }
            if (catalog == null) {
                catalog = Catalog.load(LabHome.labs());
            }
            manifests.add(catalog.require(lab));
        }
        return manifests;
    }

    private static Path temporaryOut() {
        try {
            return Files.createTempDirectory("lab-validate-");
        } catch (IOException e) {
            throw LabException.of("cannot create a temporary folder for the results (" + FileTrees.reason(e)
                    + "): pass --out DIR", e);
        }
    }
}
