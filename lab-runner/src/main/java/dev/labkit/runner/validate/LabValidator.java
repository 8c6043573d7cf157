package dev.labkit.runner.validate;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.report.JsonReport;
import dev.labkit.runner.report.Visibility;
import dev.labkit.runner.suite.SuiteLoader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Proves labs sound ({@code lab validate}): first the static checks of each lab (its suite's check
 * declarations, its brief's check table, its broken variant files), then real gradings, several at
 * once: the reference solution, the scaffold and every broken variant, each judged against what it
 * must show ({@link Subject}). Every problem is collected, never only the first; each grading's
 * JSON result is written to the request's output folder, to which its problems point.
 */
public final class LabValidator {

    private final Grader grader;
    private final ValidationListener listener;
    private final Function<LabManifest, Class<?>> suites;

    /** Grades with {@code grader} (the lab model alone: live checks skipped); reports progress to {@code listener}. */
    public LabValidator(Grader grader, ValidationListener listener) {
        this(grader, listener, lab -> SuiteLoader.load(lab, detail -> listener.preparing(lab.id(), detail)));
    }

    /** With {@code suites} giving each lab's suite class, instead of {@link SuiteLoader} (for tests). */
    LabValidator(Grader grader, ValidationListener listener, Function<LabManifest, Class<?>> suites) {
        this.grader = grader;
        this.listener = listener;
        this.suites = suites;
    }

    /**
     * The static checks of {@code lab} alone (its suite, the brief's check table, the variant files), nothing graded:
     * the problems found, as {@link #validate} reports them.
     */
    public List<Problem> staticProblems(LabManifest lab) {
        return plan(lab).problems();
    }

    /** One lab's static findings and its gradings to come. */
    private record Plan(LabManifest lab, List<Problem> problems, List<Subject> subjects) {}

    /**
     * Validates every lab of the request. A problem of a lab is a finding, never an exception; throws
     * a {@link LabException} only when validation itself cannot go on (an output folder that cannot be
     * written, a fault of the runner).
     */
    public ValidationReport validate(ValidationRequest request) {
        Path out = createFolder(request.out(), "the output folder");
        List<Plan> plans = request.labs().stream().map(this::plan).toList();
        int total = plans.stream().mapToInt(p -> p.subjects().size()).sum();
        listener.gradingsPlanned(total, request.jobs());
        Path work = temporaryFolder();
        ExecutorService graders = Executors.newFixedThreadPool(request.jobs(), runnable -> {
            Thread thread = new Thread(runnable, "labkit-validate");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger done = new AtomicInteger();
        // Fair: a waiting grade-alone grading is not overtaken by gradings submitted after it.
        ReadWriteLock machine = new ReentrantReadWriteLock(true);
        try {
            List<List<Future<GradingOutcome>>> pending = new ArrayList<>();
            for (Plan plan : plans) {
                List<Future<GradingOutcome>> gradings = new ArrayList<>();
                for (Subject subject : plan.subjects()) {
                    // A lab whose checks measure speed is graded with nothing else running (grade-alone: true).
                    Lock lock = plan.lab().gradeAlone() ? machine.writeLock() : machine.readLock();
                    gradings.add(graders.submit(() -> {
                        lock.lockInterruptibly();
                        try {
                            listener.gradingStarted(plan.lab().id(), subject);
                            GradingOutcome outcome = grade(plan.lab(), subject, work, out);
                            listener.gradingFinished(outcome, done.incrementAndGet(), total);
                            return outcome;
                        } finally {
                            lock.unlock();
                        }
                    }));
                }
                pending.add(gradings);
            }
            graders.shutdown();
            List<ValidationReport.LabReport> reports = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                List<GradingOutcome> outcomes = new ArrayList<>();
                for (Future<GradingOutcome> grading : pending.get(i)) {
                    outcomes.add(outcome(grading));
                }
                reports.add(new ValidationReport.LabReport(plans.get(i).lab().id(), plans.get(i).problems(), outcomes));
            }
            return new ValidationReport(out, reports);
        } finally {
            graders.shutdownNow();
            FileTrees.delete(work);
        }
    }

    /** The static checks of one lab, and what to grade: nothing when its suite cannot be read. */
    private Plan plan(LabManifest lab) {
        List<DeclaredCheck> checks;
        try {
            checks = DeclaredCheck.of(suites.apply(lab));
        } catch (LabException e) {
            return new Plan(lab, List.of(new Problem(lab.id(), "suite", e.getMessage() + " (nothing was graded)")),
                    List.of());
        }
        StaticChecks.Findings findings = StaticChecks.of(lab, checks);
        List<Subject> subjects = new ArrayList<>(List.of(new Subject.Solution(),
                new Subject.Scaffold(lab.scaffoldMaxScore())));
        findings.variants().forEach(variant -> subjects.add(new Subject.Variant(variant)));
        return new Plan(lab, findings.problems(), subjects);
    }

    private GradingOutcome grade(LabManifest lab, Subject subject, Path work, Path out) {
        long started = System.nanoTime();
        Path copy = work.resolve(lab.id()).resolve(subject.fileName().replaceFirst("\\.json$", ""));
        try {
            Path app = subject instanceof Subject.Variant variant ? variant.variant().applyTo(lab.solution(), copy)
                    : subject instanceof Subject.Scaffold ? lab.scaffold() : lab.solution();
            GradeResult result = grader.grade(new GradeRequest(lab, app));
            Path details = out.resolve(lab.id()).resolve(subject.fileName());
            List<Problem> problems = new ArrayList<>();
            Optional<Path> written = write(result, details, problems, lab, subject);
            subject.judge(result).forEach(message -> problems.add(new Problem(lab.id(), subject.name(), message, written)));
            return new GradingOutcome(lab.id(), subject, Optional.of(result), problems, written, since(started));
        } catch (LabException e) {
            return new GradingOutcome(lab.id(), subject, Optional.empty(),
                    List.of(new Problem(lab.id(), subject.name(), "could not be graded: " + e.getMessage())),
                    Optional.empty(), since(started));
        } finally {
            if (Files.exists(copy)) {
                FileTrees.delete(copy);
            }
        }
    }

    /** Writes the result as JSON, with hidden checks' details (for the lab's author); a failure is a problem. */
    private static Optional<Path> write(GradeResult result, Path file, List<Problem> problems, LabManifest lab,
            Subject subject) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                new JsonReport(Visibility.INSTRUCTOR).write(result, writer);
            }
            return Optional.of(file);
        } catch (IOException e) {
            problems.add(new Problem(lab.id(), subject.name(), "cannot write its result to " + file + " ("
                    + FileTrees.reason(e) + ")"));
            return Optional.empty();
        }
    }

    private static GradingOutcome outcome(Future<GradingOutcome> grading) {
        try {
            return grading.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LabException lab ? lab : LabException.runnerFault("validating", e.getCause());
        } catch (InterruptedException e) {
            throw LabException.interrupted("validating", e);
        }
    }

    private static Path createFolder(Path dir, String what) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw LabException.of("cannot create " + what + " " + dir + " (" + FileTrees.reason(e)
                    + "): choose a writable folder", e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("labkit-validate-");
        } catch (IOException e) {
            throw LabException.of("cannot create a temporary folder (" + FileTrees.reason(e) + "): free some disk space"
                    + " or set java.io.tmpdir", e);
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
