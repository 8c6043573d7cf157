package dev.labkit.runner.cli;

import dev.labkit.runner.validate.GradingOutcome;
import dev.labkit.runner.validate.Subject;
import dev.labkit.runner.validate.ValidationListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of {@code lab validate}: one line per grading as it finishes ({@code [3/24] 01-chatbot
 * variant no-memory: as expected (21.3 s)}); on a terminal also a live count below them (graded,
 * running, time spent), redrawn every second.
 */
final class ValidateProgress implements ValidationListener, AutoCloseable {

    private final PrintWriter err;
    private final boolean interactive;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "labkit-validate-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();
    private int total;
    private int done;
    private int running;

    ValidateProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void preparing(String lab, String detail) {
        err.println(lab + ": " + detail);
        err.flush();
    }

    @Override
    public synchronized void gradingsPlanned(int total, int jobs) {
        this.total = total;
        err.println("Grading " + total + (total == 1 ? " app, " : " apps, ") + Math.min(jobs, Math.max(total, 1))
                + " at a time ...");
        err.flush();
        if (interactive && total > 0) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void gradingStarted(String lab, Subject subject) {
        running++;
        redraw();
    }

    @Override
    public synchronized void gradingFinished(GradingOutcome outcome, int done, int total) {
        running--;
        this.done = done;
        int problems = outcome.problems().size();
        String line = String.format(Locale.ROOT, "[%d/%d] %s %s: %s (%.1f s)", done, total, outcome.lab(),
                outcome.subject().name(), problems == 0 ? "as expected"
                        : problems + (problems == 1 ? " problem" : " problems"),
                outcome.duration().toMillis() / 1000.0);
        err.print((interactive ? "\r\033[K" : "") + line + "\n");
        redraw();
        err.flush();
    }

    private synchronized void redraw() {
        if (!interactive || total == 0) {
            return;
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        err.print(String.format(Locale.ROOT, "\r\033[K%d of %d graded, %d running, %d:%02d", done, total, running,
                seconds / 60, seconds % 60));
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
