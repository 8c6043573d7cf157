package dev.labkit.runner.batch;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.OwnedTempFolders;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.CheckDefinition;
import dev.labkit.runner.grading.GradeRequest;
import dev.labkit.runner.grading.GradeResult;
import dev.labkit.runner.grading.Grader;
import dev.labkit.runner.grading.GradingListener;
import dev.labkit.runner.intake.ContentHash;
import dev.labkit.runner.intake.Submission;
import dev.labkit.runner.intake.SubmissionRejected;
import dev.labkit.runner.intake.SubmissionUnpacker;
import dev.labkit.runner.intake.UnpackLimits;
import dev.labkit.runner.modelserver.LabModelHub;
import dev.labkit.runner.suite.SuiteLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Grades a class ({@code lab grade}): {@code jobs} submissions at a time, a thread each, every one unpacked by
 * intake into its own temporary folder and graded by its own {@link Grader} run (its own copy, port and limits),
 * seated in the batch's one {@link LabModelHub}: one lab model for the batch, with each submission's script and
 * recordings on a port of its own. A lab that is graded alone ({@code grade-alone: true}) is graded one at a
 * time, as {@code lab validate} does. Each finished submission's folder is written at once, then the gradebook
 * is rewritten: a crash or Ctrl-C loses only the gradings under way. A fault of the runner (an exception out of
 * the Grader) is retried once, then becomes an {@code error} row; a submission intake refuses becomes a
 * {@code rejected} row.
 */
public final class ClassGrader {

    /** Rewrites the class's other outputs (index.html, ...) from the gradebook after each row. */
    @FunctionalInterface
    public interface ClassOutput {
        void write(Gradebook gradebook, Path out) throws IOException;
    }

    private final Map<String, String> environment;
    private final BatchListener listener;
    private final Clock clock;
    private final ClassOutput classOutput;
    private volatile boolean stopping;
    private volatile ExecutorService graders;
    private volatile LabModelHub modelHub;

    /**
     * @param environment the environment the Grader reads (OLLAMA_HOST, LABKIT_* images, ...)
     * @param listener hears about progress (from the grading threads)
     * @param classOutput what else to write from the gradebook after each row (nothing: {@code (g, out) -> {}})
     */
    public ClassGrader(Map<String, String> environment, BatchListener listener, ClassOutput classOutput) {
        this.environment = Map.copyOf(environment);
        this.listener = listener;
        this.clock = Clock.systemUTC();
        this.classOutput = classOutput;
    }

    /** The lab's checks in its order, id -> points (its suite built first if it changed). */
    public static Map<String, Integer> checksOf(LabManifest lab) {
        Map<String, Integer> checks = new LinkedHashMap<>();
        for (CheckDefinition check : CheckDefinition.of(SuiteLoader.load(lab, detail -> {}))) {
            checks.put(check.id(), check.points());
        }
        return checks;
    }

    /**
     * Grades the request's submissions; returns the gradebook (also written into the output folder). Throws a
     * LabException only when the batch itself cannot go on (an output folder that cannot be written).
     */
    public Gradebook grade(BatchRequest request) {
        Path out = createFolder(request.out());
        deleteLeftovers(out);
        OwnedTempFolders.deleteOrphans(); // the workspaces of a killed run
        Gradebook gradebook = new Gradebook(request.lab().id(), checksOf(request.lab()));
        List<Planned> todo = new ArrayList<>();
        for (Submission submission : request.submissions()) {
            String hash = hash(submission);
            SubmissionFolder folder = new SubmissionFolder(out, submission.student());
            Optional<Row> earlier = request.resume() ? folder.earlierRow() : Optional.empty();
            if (earlier.isPresent() && earlier.get().contentHash().equals(hash) && !earlier.get().isError()) {
                gradebook.put(earlier.get());
            } else {
                todo.add(new Planned(submission, hash, folder));
            }
        }
        writeClass(gradebook, out);
        listener.planned(todo.size(), request.submissions().size() - todo.size(), request.jobs());
        Path work = temporaryFolder();
        LabModelHub hub = new LabModelHub();
        modelHub = hub;
        ExecutorService pool = Executors.newFixedThreadPool(request.jobs(), runnable -> {
            Thread thread = new Thread(runnable, "labkit-grade");
            thread.setDaemon(true);
            return thread;
        });
        graders = pool;
        ReentrantReadWriteLock machine = new ReentrantReadWriteLock(true);
        Lock lock = request.lab().gradeAlone() ? machine.writeLock() : machine.readLock();
        try {
            List<Future<?>> gradings = new ArrayList<>();
            for (Planned planned : todo) {
                gradings.add(pool.submit(() -> {
                    lock.lockInterruptibly();
                    try {
                        if (!stopping) {
                            gradeOne(request, hub, planned, work, gradebook, out);
                        }
                    } finally {
                        lock.unlock();
                    }
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> grading : gradings) {
                await(grading);
            }
            return gradebook;
        } finally {
            cancel(pool);
            hub.close();
            FileTrees.delete(work);
        }
    }

    /** Whether {@link #stop} was called. */
    public boolean stopped() {
        return stopping;
    }

    /**
     * Stops the batch (Ctrl-C): no grading starts any more, those under way are interrupted and their rows are
     * not written; waits up to {@code wait} for them to end (their Grader's cleanup stops their processes), then
     * closes the batch's lab model hub.
     */
    public void stop(Duration wait) {
        stopping = true;
        ExecutorService pool = graders;
        if (pool != null) {
            cancel(pool);
            try {
                pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LabModelHub hub = modelHub;
        if (hub != null) {
            hub.close();
        }
    }

    private record Planned(Submission submission, String hash, SubmissionFolder folder) {}

    private void gradeOne(BatchRequest request, LabModelHub hub, Planned planned, Path work, Gradebook gradebook,
            Path out) throws IOException {
        String student = planned.submission().student();
        long started = System.nanoTime();
        Row row = null;
        GradeResult result = null;
        SubmissionFolder.OutputTails tails = SubmissionFolder.OutputTails.NONE;
        String fault = "";
        for (int attempt = 1; attempt <= 2 && row == null; attempt++) {
            listener.started(student, attempt);
            Path temp = Files.createTempDirectory(work, "submission-");
            try {
                Path project = new SubmissionUnpacker(UnpackLimits.DEFAULT)
                        .materialize(planned.submission(), temp.resolve("project"));
                // The student's folder keeps the PNGs of failed browser checks (an earlier run's are replaced).
                Path screenshots = planned.folder().path().resolve(SubmissionFolder.SCREENSHOTS);
                FileTrees.delete(screenshots);
                GradingOf grading = new GradingOf(student);
                result = asGiven(new Grader(grading, clock, environment).grade(new GradeRequest(request.lab(),
                        project, request.models(), request.sandbox(), request.services())
                        .withEvidenceDir(screenshots).inHub(hub)), planned.submission());
                tails = grading.tails;
                row = Row.graded(student, planned.hash(), result);
            } catch (SubmissionRejected e) {
                row = Row.notGraded(student, planned.hash(), Row.REJECTED, e.reason());
            } catch (IOException | RuntimeException e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    return;
                }
                fault = oneLine(e);
                if (attempt == 1) {
                    listener.retrying(student, fault);
                }
            } finally {
                FileTrees.delete(temp);
            }
        }
        if (row == null) {
            row = Row.notGraded(student, planned.hash(), Row.ERROR, fault);
        }
        // A grading ended by Ctrl-C (its app killed by the cleanup hooks) is no grade: nothing is written.
        if (stopping || shuttingDown()) {
            return;
        }
        if (result != null) {
            planned.folder().writeGraded(row, result, tails, request.reports());
        } else {
            planned.folder().writeNotGraded(row);
        }
        gradebook.put(row);
        writeClass(gradebook, out);
        listener.finished(row, Duration.ofNanos(System.nanoTime() - started));
    }

    private void writeClass(Gradebook gradebook, Path out) {
        synchronized (gradebook) {
            try {
                gradebook.writeTo(out);
                classOutput.write(gradebook, out);
            } catch (IOException e) {
                throw LabException.of("cannot write the gradebook into " + out + " (" + FileTrees.reason(e)
                        + "): free some disk space or choose another --out", e);
            }
        }
    }

    /** The result as if the student's own folder had been graded, not the temporary copy. */
    private static GradeResult asGiven(GradeResult r, Submission submission) {
        return new GradeResult(r.lab(), submission.source().toString(), r.score(), r.maxScore(), r.status(),
                r.reason(), r.startedAt(), r.durationMs(), r.model(), r.sandbox(), r.checks(), r.appLog(),
                r.timings(), r.warnings(), r.cleanup(), r.diagnosis(), r.services());
    }

    /** Hears one grading of a student: passes its phases on to the batch's listener, keeps its output's tails. */
    private final class GradingOf implements GradingListener {
        private final String student;
        private volatile SubmissionFolder.OutputTails tails = SubmissionFolder.OutputTails.NONE;

        GradingOf(String student) {
            this.student = student;
        }

        @Override
        public void phaseStarted(String phase, String description) {
            listener.phase(student, phase);
        }

        @Override
        public void outputTails(String build, String app) {
            tails = new SubmissionFolder.OutputTails(build, app);
        }
    }

    private static String hash(Submission submission) {
        try {
            return ContentHash.of(submission.source());
        } catch (IOException e) {
            throw LabException.of("cannot read the submission " + submission.source() + " (" + FileTrees.reason(e)
                    + "): check its permissions", e);
        }
    }

    /** An exception as one line for a row: its message's first line, or its type. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? e.getClass().getSimpleName() : first;
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Interrupts the gradings under way and cancels those not started (so that nobody waits for them). */
    private static void cancel(ExecutorService pool) {
        for (Runnable waiting : pool.shutdownNow()) {
            if (waiting instanceof Future<?> future) {
                future.cancel(false);
            }
        }
    }

    private void await(Future<?> grading) {
        try {
            grading.get();
        } catch (ExecutionException e) {
            if (stopping) {
                return;
            }
            throw e.getCause() instanceof LabException lab ? lab : LabException.runnerFault("grading", e.getCause());
        } catch (InterruptedException e) {
            stop(Duration.ZERO);
            throw LabException.interrupted("grading the class", e);
        } catch (java.util.concurrent.CancellationException e) {
            // Stopped (Ctrl-C): what was graded is written.
        }
    }

    /** What a killed run's interrupted writes left: hidden temporary files, never read as results. */
    private static void deleteLeftovers(Path out) {
        try {
            AtomicFiles.deleteLeftovers(out);
        } catch (IOException e) {
            throw LabException.of("cannot clean the output folder " + out + " (" + FileTrees.reason(e)
                    + "): check its permissions or choose another --out", e);
        }
    }

    private static Path createFolder(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw LabException.of("cannot create the output folder " + dir + " (" + FileTrees.reason(e)
                    + "): choose a writable --out", e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return OwnedTempFolders.create("labkit-grade-");
        } catch (IOException e) {
            throw LabException.of("cannot create a temporary folder (" + FileTrees.reason(e) + "): free some disk space"
                    + " or set java.io.tmpdir", e);
        }
    }
}
