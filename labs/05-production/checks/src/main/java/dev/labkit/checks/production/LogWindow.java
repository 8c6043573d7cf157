package dev.labkit.checks.production;

import dev.labkit.checks.sdk.AppInstance;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lines an app instance printed since a mark. {@link AppInstance#logTail()} gives only the last lines
 * (bounded), so the lines new since the mark are those after the overlap of the tail at the mark and the
 * tail now: the longest end of the old tail that the new tail starts with.
 */
final class LogWindow {

    private final AppInstance app;
    private final List<String> atMark;

    private LogWindow(AppInstance app, List<String> atMark) {
        this.app = app;
        this.atMark = atMark;
    }

    /** Marks the app's log now: {@link #lines()} gives what it prints after this. */
    static LogWindow mark(AppInstance app) {
        return new LogWindow(app, lines(app.logTail()));
    }

    /** The non-blank lines printed since the mark, in order. */
    List<String> lines() {
        return newLines(atMark, lines(app.logTail())).stream().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Waits (polling every 100 ms, at most {@code within}) until the lines printed since the mark pass {@code
     * done} (a log line is written a moment after the answer); returns the lines printed since the mark then.
     */
    List<String> await(Predicate<List<String>> done, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> lines = lines();
        while (!done.test(lines) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lines = lines();
        }
        return lines;
    }

    /**
     * The lines of {@code now} that come after {@code before} (two tails of one growing log): after the
     * longest end of {@code before} that {@code now} starts with; every line of {@code now} when they do
     * not overlap (the log moved on by more than a tail).
     */
    static List<String> newLines(List<String> before, List<String> now) {
        for (int from = 0; from < before.size(); from++) {
            int overlap = before.size() - from;
            if (overlap <= now.size() && now.subList(0, overlap).equals(before.subList(from, before.size()))) {
                return now.subList(overlap, now.size());
            }
        }
        return now;
    }

    /**
     * The lines of a tail. The runner starts a tail that lost its beginning with a note, {@code (N earlier lines not
     * shown)}, whose N changes as the log grows: it is not a line the app printed, and it would hide the overlap.
     */
    static List<String> lines(String tail) {
        if (tail == null || tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = List.of(tail.split("\r?\n"));
        return !lines.isEmpty() && EARLIER_LINES_NOTE.matcher(lines.get(0)).matches()
                ? lines.subList(1, lines.size()) : lines;
    }

    private static final java.util.regex.Pattern EARLIER_LINES_NOTE =
            java.util.regex.Pattern.compile("\\(\\d+ earlier lines not shown\\)");
}
