package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTailTests {

    private static void write(LogTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
    }

    @Test
    void keepsOnlyTheLastLinesAndSaysHowManyWereDropped() {
        LogTail tail = new LogTail(3);
        for (int i = 1; i <= 1_000; i++) {
            tail.add("line " + i);
        }

        assertThat(tail.text()).isEqualTo("(997 earlier lines not shown)\nline 998\nline 999\nline 1000\n");
        assertThat(tail.last(2)).isEqualTo("line 999\nline 1000\n");
    }

    @Test
    void cutsAnOverlongLineAndCountsWhatItLeftOut() {
        LogTail tail = new LogTail(3);
        tail.add("x".repeat(1_000_000));

        assertThat(tail.text()).isEqualTo("x".repeat(LogTail.MAX_LINE_BYTES) + "… (line cut: "
                + (1_000_000 - LogTail.MAX_LINE_BYTES) + " more bytes)\n");
    }

    @Test
    void takesOutputInPiecesOfAnySizeAndJoinsThemIntoLines() {
        LogTail tail = new LogTail(5);
        write(tail, "fir");
        write(tail, "st\r\nsec");
        write(tail, "ond\r");
        write(tail, "\n\nthird, still being prin");

        assertThat(tail.text()).isEqualTo("first\nsecond\n\nthird, still being prin\n");
        assertThat(tail.last(1)).isEqualTo("third, still being prin\n");
    }

    @Test
    void aLineWithoutEndIsShownAndCountedWhileItIsStillBeingPrinted() {
        LogTail tail = new LogTail(3);
        byte[] chunk = "y".repeat(8192).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1_000; i++) {
            tail.write(chunk, 0, chunk.length);
        }

        assertThat(tail.isEmpty()).isFalse();
        assertThat(tail.text()).isEqualTo("y".repeat(LogTail.MAX_LINE_BYTES) + "… (line cut: "
                + (8192L * 1_000 - LogTail.MAX_LINE_BYTES) + " more bytes)\n");
    }

    @Test
    void aCutNeverSplitsACharacter() {
        LogTail tail = new LogTail(3);
        // 999 bytes of ASCII, then "é" (2 bytes) straddles the limit.
        tail.add("a".repeat(LogTail.MAX_LINE_BYTES - 1) + "é" + "b".repeat(10));

        assertThat(tail.text()).isEqualTo("a".repeat(LogTail.MAX_LINE_BYTES - 1) + "… (line cut: 12 more bytes)\n");
    }

    @Test
    void aReaderFaultIsTheRunnersOneLineErrorAndIsNotedInTheLog() {
        LogTail tail = new LogTail(3);
        tail.add("Sprout starting");
        tail.readerFailed(new OutOfMemoryError("Java heap space"));

        assertThatThrownBy(() -> tail.requireIntact("the app"))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("the runner failed while reading the output of the app"
                        + " (java.lang.OutOfMemoryError: Java heap space): nothing was graded, and this is not the"
                        + " submission's fault")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(tail.text()).isEqualTo("Sprout starting\n(the runner stopped reading this output here:"
                + " java.lang.OutOfMemoryError: Java heap space)\n");
        assertThat(tail.last(1)).isEqualTo("(the runner stopped reading this output here:"
                + " java.lang.OutOfMemoryError: Java heap space)\n");
        assertThat(tail.since(0, 3)).as("the lines printed, not the runner's fault").isEqualTo("Sprout starting\n");
    }

    @Test
    void anIntactLogPassesTheCheck() {
        LogTail tail = new LogTail(3);
        tail.add("fine");

        assertThatCode(() -> tail.requireIntact("the build")).doesNotThrowAnyException();
    }

    @Test
    void sinceAMarkGivesOnlyTheLinesPrintedAfterItTheUnfinishedOneIncluded() {
        LogTail tail = new LogTail(10);
        tail.add("started");
        long mark = tail.mark();
        assertThat(tail.since(mark, 5)).as("nothing printed since").isEmpty();

        tail.add("model call failed: java.io.IOException: boom");
        write(tail, "still printing");

        assertThat(tail.since(mark, 5)).isEqualTo("model call failed: java.io.IOException: boom\nstill printing\n");
    }

    @Test
    void sinceAMarkKeepsTheLastLinesAndSaysHowManyItLeftOutOrLost() {
        LogTail tail = new LogTail(3);
        tail.add("before");
        long mark = tail.mark();
        for (int i = 1; i <= 5; i++) {
            tail.add("line " + i);
        }

        assertThat(tail.since(mark, 10)).as("two of them dropped from the tail")
                .isEqualTo("(2 earlier lines not shown)\nline 3\nline 4\nline 5\n");
        assertThat(tail.since(mark, 2)).isEqualTo("(3 earlier lines not shown)\nline 4\nline 5\n");
    }
}
