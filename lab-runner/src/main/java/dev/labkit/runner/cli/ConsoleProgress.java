package dev.labkit.runner.cli;

import dev.labkit.runner.grading.CheckResult;
import dev.labkit.runner.grading.GradingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Shows what the grader is waiting for. On a terminal: one self-updating line with a spinner and
 * the seconds spent; elsewhere (CI logs): one line when a phase starts and one when it ends.
 */
final class ConsoleProgress implements GradingListener, AutoCloseable {

    private static final String SPINNER = "|/-\\";

    private final PrintWriter err;
    private final boolean interactive;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "labkit-progress");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> ticking;
    private String description = "";
    private String detail = "";
    private long phaseStarted;
    private int frame;
    private long lastPrinted;

    /** In a CI log, progress is printed at most this often. */
    private static final long PRINT_EVERY_NANOS = 2_000_000_000L;

    ConsoleProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void phaseStarted(String phase, String description) {
        this.description = description;
        this.detail = "";
        this.phaseStarted = System.nanoTime();
        if (interactive) {
            ticking = ticker.scheduleAtFixedRate(this::redraw, 0, 200, TimeUnit.MILLISECONDS);
        } else {
            err.println(description + " ...");
            err.flush();
        }
    }

    @Override
    public synchronized void progress(String phase, String detail) {
        this.detail = detail;
        long now = System.nanoTime();
        if (!interactive && now - lastPrinted >= PRINT_EVERY_NANOS) {
            lastPrinted = now;
            err.println("  " + detail);
            err.flush();
        }
    }

    @Override
    public synchronized void checkFinished(CheckResult result, int done, int total) {
        detail = done + "/" + total + " done, last: " + result.id() + " " + result.status().id();
    }

    @Override
    public synchronized void phaseFinished(String phase, boolean ok) {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        String line = String.format(Locale.ROOT, "%s ... %s (%.1f s)", description, ok ? "done" : "failed",
                (System.nanoTime() - phaseStarted) / 1e9);
        err.print(interactive ? "\r\033[K" + line + "\n" : line + "\n");
        err.flush();
    }

    @Override
    public synchronized void warning(String message) {
        err.print((interactive ? "\r\033[K" : "") + "warning: " + message + "\n");
        err.flush();
    }

    private synchronized void redraw() {
        if (ticking == null) {
            return;
        }
        long seconds = (System.nanoTime() - phaseStarted) / 1_000_000_000L;
        err.print("\r\033[K" + SPINNER.charAt(frame++ % SPINNER.length()) + " " + description + " ... " + seconds
                + " s" + (detail.isEmpty() ? "" : "  (" + detail + ")"));
        err.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
