package dev.labkit.runner.submission;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a process printed, bounded in lines and line length, so that an app that floods
 * its output costs the grader a fixed amount of memory.
 */
public final class LogTail {

    static final int DEFAULT_LINES = 200;
    static final int MAX_LINE_LENGTH = 1_000;

    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();
    private long dropped;

    public LogTail() {
        this(DEFAULT_LINES);
    }

    LogTail(int maxLines) {
        this.maxLines = maxLines;
    }

    public synchronized void add(String line) {
        if (line.length() > MAX_LINE_LENGTH) {
            line = line.substring(0, MAX_LINE_LENGTH) + "… (line cut at " + MAX_LINE_LENGTH + " chars)";
        }
        lines.addLast(line);
        if (lines.size() > maxLines) {
            lines.removeFirst();
            dropped++;
        }
    }

    /** The kept lines, preceded by a note when earlier lines were dropped. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        if (dropped > 0) {
            out.append("(").append(dropped).append(" earlier lines not shown)\n");
        }
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The last {@code count} lines. */
    public synchronized String last(int count) {
        StringBuilder out = new StringBuilder();
        lines.stream().skip(Math.max(0, lines.size() - count)).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    public synchronized boolean isEmpty() {
        return lines.isEmpty();
    }
}
