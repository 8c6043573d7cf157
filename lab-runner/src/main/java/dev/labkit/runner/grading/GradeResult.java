package dev.labkit.runner.grading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of grading one submission; the JSON report is this record.
 *
 * @param lab the lab id
 * @param submission the submission's folder, as given
 * @param score points earned
 * @param maxScore points of every check that ran or should have (skipped live checks excluded)
 * @param status how the run ended
 * @param reason for a build or start failure: one line saying why (else empty)
 * @param startedAt when grading started
 * @param durationMs how long grading took
 * @param model the model provider and the model names given to the app
 * @param sandbox where the app ran: {@code process} or {@code container}
 * @param checks one result per check
 * @param appLog the tail of the build or app log when the build or start failed (else empty)
 * @param timings where the time went
 * @param warnings what the runner could not do cleanly, one line each (a temporary file it could not
 *     delete, with its path; an app it had to start again after a check was cut off mid-restart);
 *     empty when all went well
 * @param cleanup how the submission's processes were held, and those it left running that the
 *     runner had to kill
 * @param diagnosis the causes that explain several failed checks at once, most fundamental first
 *     (empty when there is none, or no check ran)
 * @param services what served each of the lab's services ({@code services:} in lab.yaml), in its order; empty
 *     for a lab without services, or when grading ended before they were provided (a failed build)
 */
public record GradeResult(
        String lab,
        String submission,
        int score,
        int maxScore,
        GradeStatus status,
        String reason,
        Instant startedAt,
        long durationMs,
        ModelInfo model,
        String sandbox,
        List<CheckResult> checks,
        String appLog,
        Timings timings,
        List<String> warnings,
        ProcessCleanup cleanup,
        List<Diagnosis> diagnosis,
        List<Service> services) {

    /**
     * One lab service as this run had it.
     *
     * @param name its name in lab.yaml, e.g. {@code redis}
     * @param provider {@code container}, {@code process}, {@code embedded} or {@code url}
     * @param url its URL as the app got it ({@code LAB_REDIS_URL}), e.g. {@code redis://127.0.0.1:6379}
     */
    public record Service(String name, String provider, String url) {}

    /**
     * @param provider where the model came from: {@code embedded} (the scripted lab model alone)
     * @param names model names by role
     * @param speech for a lab with speech roles ({@code stt}, {@code tts}), what served them: {@code embedded}
     *     (the lab model's own speech), {@code speech-url} or {@code container}; empty for other labs
     */
    public record ModelInfo(String provider, Map<String, String> names, Optional<String> speech) {

        /** For a lab without speech roles. */
        public ModelInfo(String provider, Map<String, String> names) {
            this(provider, names, Optional.empty());
        }
    }

    /** Milliseconds spent building, starting the app (until healthy) and running the checks. */
    public record Timings(long buildMs, long startMs, long checksMs) {
        public static final Timings NONE = new Timings(0, 0, 0);
    }

    /**
     * @param containment how the build's and the app's processes were held: {@code pid-namespace},
     *     {@code cgroup}, {@code session}, {@code process-tree} (process mode, best first) or {@code container}
     * @param leftovers each process the submission left running after the command that started it had
     *     ended, killed by the runner: {@code phase: command line}, the phase {@code build}, {@code app}
     *     or {@code after grading}
     */
    public record ProcessCleanup(String containment, List<String> leftovers) {
        public static final ProcessCleanup NONE = new ProcessCleanup("", List.of());

        public ProcessCleanup {
            leftovers = List.copyOf(leftovers);
        }

        public int leftoverProcesses() {
            return leftovers.size();
        }
    }

    public GradeResult {
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
        diagnosis = List.copyOf(diagnosis);
        services = List.copyOf(services);
    }

    /** A result without services. */
    public GradeResult(String lab, String submission, int score, int maxScore, GradeStatus status, String reason,
            Instant startedAt, long durationMs, ModelInfo model, String sandbox, List<CheckResult> checks,
            String appLog, Timings timings, List<String> warnings, ProcessCleanup cleanup, List<Diagnosis> diagnosis) {
        this(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox, checks, appLog,
                timings, warnings, cleanup, diagnosis, List.of());
    }

    /** The same result, with what served the lab's services. */
    public GradeResult withServices(List<Service> served) {
        return new GradeResult(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox,
                checks, appLog, timings, warnings, cleanup, diagnosis, served);
    }

    /** A result as grading computed it: no warnings, its processes not cleaned up yet (none recorded). */
    public GradeResult(String lab, String submission, int score, int maxScore, GradeStatus status, String reason,
            Instant startedAt, long durationMs, ModelInfo model, String sandbox, List<CheckResult> checks,
            String appLog, Timings timings) {
        this(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox, checks, appLog,
                timings, List.of(), ProcessCleanup.NONE, List.of());
    }

    /** This result with {@code more} warnings. */
    public GradeResult withWarnings(List<String> more) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new GradeResult(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox,
                checks, appLog, timings, all, cleanup, diagnosis, services);
    }

    /** The same result, with how its processes were cleaned up. */
    public GradeResult withCleanup(ProcessCleanup processes) {
        return new GradeResult(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox,
                checks, appLog, timings, warnings, processes, diagnosis, services);
    }

    /** The same result, with the causes found behind its failed checks. */
    public GradeResult withDiagnosis(List<Diagnosis> causes) {
        return new GradeResult(lab, submission, score, maxScore, status, reason, startedAt, durationMs, model, sandbox,
                checks, appLog, timings, warnings, cleanup, causes, services);
    }

    /** True when every contract check passed. */
    public boolean passed() {
        return status == GradeStatus.PASSED;
    }
}
