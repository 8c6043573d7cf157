package dev.labkit.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTests {

    @Test
    void inALogEachPhaseIsALineWhenItStartsAndWhenItEnds() {
        StringWriter err = new StringWriter();
        try (ConsoleProgress progress = new ConsoleProgress(new PrintWriter(err, true), false)) {
            progress.phaseStarted("build", "Building labs/01-chatbot/solution");
            progress.phaseFinished("build", true);
            progress.phaseStarted("start", "Starting the app on port 4242");
            progress.phaseFinished("start", false);
        }

        assertThat(err.toString().lines()).hasSize(4);
        assertThat(err.toString()).contains("Building labs/01-chatbot/solution ...\n")
                .containsPattern("Building labs/01-chatbot/solution \\.\\.\\. done \\(\\d+\\.\\d s\\)")
                .containsPattern("Starting the app on port 4242 \\.\\.\\. failed \\(\\d+\\.\\d s\\)")
                .doesNotContain("\r");
    }

    @Test
    void onATerminalOneLineUpdatesItselfUntilThePhaseEnds() throws InterruptedException {
        StringWriter err = new StringWriter();
        try (ConsoleProgress progress = new ConsoleProgress(new PrintWriter(err, true), true)) {
            progress.phaseStarted("build", "Building");
            Thread.sleep(450);
            progress.phaseFinished("build", true);
        }

        assertThat(err.toString()).contains("\r\033[K| Building ... 0 s", "\r\033[KBuilding ... done");
        assertThat(err.toString()).endsWith("\n");
    }
}
