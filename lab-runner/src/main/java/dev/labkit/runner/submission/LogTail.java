package dev.labkit.runner.submission;

import dev.labkit.runner.LabException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a process printed, bounded in lines and line length, so that an app that floods
 * its output costs the grader a fixed amount of memory: it takes the output as bytes, in pieces of
 * any size, keeps the first {@value #MAX_LINE_BYTES} bytes of each line and counts the rest. A line
 * still being printed (output with no newline yet) is part of the tail too.
 */
public final class LogTail {

    static final int DEFAULT_LINES = 200;

    /** The most bytes of one line that are kept (UTF-8); the rest is counted, not kept. */
    public static final int MAX_LINE_BYTES = 1_000;

    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();
    private long dropped;

    // The line being received: its first MAX_LINE_BYTES bytes, how many more came, whether it ends in CR.
    private final byte[] current = new byte[MAX_LINE_BYTES];
    private int currentLength;
    private long currentCut;
    private boolean currentEndsInCr;

    private Throwable readerFault;

    public LogTail() {
        this(DEFAULT_LINES);
    }

    LogTail(int maxLines) {
        this.maxLines = maxLines;
    }

    /** Adds output as it came: {@code length} bytes of UTF-8 from {@code offset}, lines ending in {@code \n}. */
    public synchronized void write(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                endLine();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Adds one whole line. */
    public void add(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int from, int length) {
        if (length == 0) {
            return;
        }
        int kept = Math.min(length, MAX_LINE_BYTES - currentLength);
        System.arraycopy(bytes, from, current, currentLength, kept);
        currentLength += kept;
        currentCut += length - kept;
        currentEndsInCr = bytes[from + length - 1] == '\r';
    }

    private void endLine() {
        if (currentEndsInCr) {
            // A CRLF line end: the CR is not part of the line.
            if (currentCut > 0) {
                currentCut--;
            } else {
                currentLength--;
            }
        }
        lines.addLast(render(current, currentLength, currentCut));
        currentLength = 0;
        currentCut = 0;
        currentEndsInCr = false;
        if (lines.size() > maxLines) {
            lines.removeFirst();
            dropped++;
        }
    }

    /** A kept line as text; a cut one says how many bytes were left out. */
    private static String render(byte[] bytes, int length, long cut) {
        if (cut == 0) {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        int whole = wholeCharacters(bytes, length);
        return new String(bytes, 0, whole, StandardCharsets.UTF_8) + "… (line cut: " + (cut + length - whole)
                + " more bytes)";
    }

    /** How many of the first {@code length} bytes end on a character boundary (a cut may split a character). */
    private static int wholeCharacters(byte[] bytes, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[length - back] & 0xff;
            if (b < 0x80) {
                return length;
            }
            if (b >= 0xc0) {
                int size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return size <= back ? length : length - back;
            }
        }
        return length;
    }

    /**
     * Records that the runner could not go on reading the output (a fault of the runner, not of the
     * process); the first fault is kept.
     */
    public synchronized void readerFailed(Throwable fault) {
        if (readerFault == null) {
            readerFault = fault;
        }
    }

    /**
     * Throws the runner's fault when it could not read all of {@code whose} output, so that a
     * runner fault is never taken for the submission's.
     *
     * @param whose "the build", "the app": whose output this is
     */
    public synchronized void requireIntact(String whose) {
        if (readerFault != null) {
            throw LabException.runnerFault("reading the output of " + whose, readerFault);
        }
    }

    /**
     * The kept lines (and the line still being printed), preceded by a note when earlier lines were dropped; then the
     * runner's fault in reading them, if any.
     */
    public synchronized String text() {
        return since(0, maxLines) + faultLine();
    }

    /** How many lines have ended so far (kept or dropped): a mark for {@link #since}. */
    public synchronized long mark() {
        return dropped + lines.size();
    }

    /**
     * The lines that ended after {@code mark} (see {@link #mark}) and the line still being printed, at most the last
     * {@code count}, preceded by a note when some of them are no longer kept or not shown; empty when there are none.
     */
    public synchronized String since(long mark, int count) {
        long firstKept = Math.max(mark, dropped);
        List<String> after = linesFrom(firstKept);
        int shownFrom = Math.max(0, after.size() - count);
        long notShown = Math.max(0, firstKept - mark) + shownFrom;
        StringBuilder out = new StringBuilder();
        if (notShown > 0) {
            out.append("(").append(notShown).append(" earlier lines not shown)\n");
        }
        after.subList(shownFrom, after.size()).forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The last {@code count} of the lines kept (and the one being printed), the runner's fault counting as one. */
    public synchronized String last(int count) {
        List<String> kept = linesFrom(dropped);
        List<String> all = new ArrayList<>(kept.subList(Math.max(0, kept.size() - maxLines), kept.size()));
        String fault = faultLine();
        if (!fault.isEmpty()) {
            all.add(fault.strip());
        }
        StringBuilder out = new StringBuilder();
        all.subList(Math.max(0, all.size() - count), all.size()).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** The kept lines from the {@code first}-th line ended (counting dropped ones), then the line being printed. */
    private List<String> linesFrom(long first) {
        List<String> kept = new ArrayList<>(lines);
        List<String> from = new ArrayList<>(kept.subList((int) Math.min(kept.size(), first - dropped), kept.size()));
        if (hasCurrentLine()) {
            from.add(render(current, currentLength, currentCut));
        }
        return from;
    }

    private String faultLine() {
        return readerFault == null ? "" : "(the runner stopped reading this output here: " + readerFault + ")\n";
    }

    private boolean hasCurrentLine() {
        return currentLength > 0 || currentCut > 0;
    }

    public synchronized boolean isEmpty() {
        return lines.isEmpty() && !hasCurrentLine();
    }
}
