package dev.labkit.runner.cli;

import dev.labkit.runner.batch.BatchListener;
import dev.labkit.runner.batch.Row;
import dev.labkit.runner.grading.GradeStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of {@code lab grade} on stderr: one line per finished submission ({@code [3/30] alice: failed 7/10
 * (21.3 s)}), which is all a CI log gets; on a terminal also a status line below them, redrawn every second:
 * done/total, failures, errors, the submissions being graded now (and their phase), and the time left,
 * estimated from the mean wall-clock time per finished submission so far (which already counts the gradings
 * running at once).
 */
final class BatchProgress implements BatchListener, AutoCloseable {

    private final PrintWriter err;
    private final boolean interactive;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "labkit-grade-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();
    private final Map<String, String> running = new TreeMap<>();
    private int total;
    private int done;
    private int failures;
    private int errors;

    BatchProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void planned(int total, int kept, int jobs) {
        this.total = total;
        err.println("Grading " + total + (total == 1 ? " submission, " : " submissions, ")
                + Math.min(jobs, Math.max(total, 1)) + " at a time" + (kept > 0 ? " (" + kept
                        + " kept from the earlier run: unchanged since)" : "") + " ...");
        err.flush();
        if (interactive && total > 0) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void started(String student, int attempt) {
        running.put(student, attempt > 1 ? "retry" : "starting");
        redraw();
    }

    @Override
    public synchronized void retrying(String student, String reason) {
        err.print((interactive ? "\r\033[K" : "") + student + ": the grading machine failed (" + reason
                + "); grading it once more\n");
        err.flush();
    }

    @Override
    public synchronized void phase(String student, String phase) {
        running.computeIfPresent(student, (name, was) -> phase);
    }

    @Override
    public synchronized void finished(Row row, Duration took) {
        running.remove(row.student());
        done++;
        if (row.isError()) {
            errors++;
        } else if (!GradeStatus.PASSED.id().equals(row.status())) {
            failures++;
        }
        String outcome = row.isError() || Row.REJECTED.equals(row.status())
                ? row.status() + ": " + row.reason()
                : row.status() + " " + row.score() + "/" + row.maxScore();
        err.print((interactive ? "\r\033[K" : "") + String.format(Locale.ROOT, "[%d/%d] %s: %s (%.1f s)%n", done, total,
                row.student(), outcome, took.toMillis() / 1000.0));
        redraw();
        err.flush();
    }

    /** The status line: {@code 12/30 done, 3 failed, 0 errors; grading alice (checks), bob (build); about 4:10 left}. */
    synchronized String status() {
        double elapsed = (System.nanoTime() - started) / 1e9;
        String left = done == 0 ? "time left unknown yet" : "about " + clock(elapsed / done * (total - done)) + " left";
        StringBuilder now = new StringBuilder();
        running.forEach((student, phase) -> now.append(now.isEmpty() ? "" : ", ").append(student).append(" (")
                .append(phase).append(')'));
        return String.format(Locale.ROOT, "%d/%d done, %d failed, %d %s; %s%s; %s", done, total, failures, errors,
                errors == 1 ? "error" : "errors", running.isEmpty() ? "" : "grading ", now, left);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private synchronized void redraw() {
        if (!interactive || total == 0) {
            return;
        }
        err.print("\r\033[K" + status());
        err.flush();
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (interactive && total > 0) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
