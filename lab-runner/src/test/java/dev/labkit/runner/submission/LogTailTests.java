package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTailTests {

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
    void cutsOverlongLines() {
        LogTail tail = new LogTail(3);
        tail.add("x".repeat(1_000_000));

        assertThat(tail.text().length()).isLessThan(LogTail.MAX_LINE_LENGTH + 100);
        assertThat(tail.text()).contains("(line cut at 1000 chars)");
    }
}
