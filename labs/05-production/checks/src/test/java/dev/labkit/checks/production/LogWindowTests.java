package dev.labkit.checks.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppInstance;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines new since a mark, from two bounded tails of one growing log. */
class LogWindowTests {

    /** An app instance whose log is a list; its tail is the last {@code tail} lines, as the runner bounds it. */
    private static final class PrintingApp implements AppInstance {
        final List<String> printed = new ArrayList<>();
        final int tail;

        PrintingApp(int tail) {
            this.tail = tail;
        }

        synchronized void print(String... lines) {
            printed.addAll(List.of(lines));
        }

        @Override
        public URI url() {
            return URI.create("http://127.0.0.1:1");
        }

        /** As the runner's LogTail writes it: a note first when earlier lines were dropped. */
        @Override
        public synchronized String logTail() {
            int dropped = Math.max(0, printed.size() - tail);
            String kept = String.join("\n", printed.subList(dropped, printed.size()));
            return dropped == 0 ? kept : "(" + dropped + " earlier lines not shown)\n" + kept;
        }

        @Override
        public boolean isRunning() {
            return true;
        }
    }

    @Test
    void givesTheLinesPrintedAfterTheMark() {
        PrintingApp app = new PrintingApp(5);
        app.print("a", "b", "c");
        LogWindow window = LogWindow.mark(app);
        app.print("d", "e");

        assertThat(window.lines()).containsExactly("d", "e");
    }

    @Test
    void findsTheNewLinesWhenTheTailHasMovedPastTheMarksStart() {
        PrintingApp app = new PrintingApp(4);
        app.print("1", "2", "3", "4", "5");
        LogWindow window = LogWindow.mark(app); // tail 2 3 4 5
        app.print("6", "7", "8");               // tail 5 6 7 8

        assertThat(window.lines()).containsExactly("6", "7", "8");
    }

    /** Seen grading lab 05: the runner's note about dropped lines changed between the two tails, hid the overlap. */
    @Test
    void theRunnersNoteAboutEarlierLinesIsNotALineAndDoesNotHideTheOverlap() {
        PrintingApp app = new PrintingApp(3);
        app.print("1", "2", "3", "4");
        LogWindow window = LogWindow.mark(app);
        app.print("5", "6");

        assertThat(app.logTail()).startsWith("(3 earlier lines not shown)\n");
        assertThat(window.lines()).containsExactly("5", "6");
    }

    @Test
    void everyLineIsNewWhenTheLogMovedOnByMoreThanATail() {
        assertThat(LogWindow.newLines(List.of("1", "2"), List.of("5", "6", "7"))).containsExactly("5", "6", "7");
    }

    @Test
    void repeatedLinesAreMatchedByTheLongestOverlap() {
        assertThat(LogWindow.newLines(List.of("x", "y", "x"), List.of("x", "y", "x", "y", "x")))
                .containsExactly("y", "x");
        assertThat(LogWindow.newLines(List.of("a", "x"), List.of("x", "x"))).containsExactly("x");
    }

    @Test
    void nothingIsNewWhenNothingWasPrinted() {
        assertThat(LogWindow.newLines(List.of("a", "b"), List.of("a", "b"))).isEmpty();
        assertThat(LogWindow.newLines(List.of(), List.of("a"))).containsExactly("a");
    }

    @Test
    void awaitWaitsForTheRequestLinesOrGivesUp() throws Exception {
        PrintingApp app = new PrintingApp(50);
        LogWindow window = LogWindow.mark(app);
        Thread printer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            app.print("{\"requestId\":\"r-1\",\"level\":\"DEBUG\"}", "", "{\"requestId\":\"r-2\",\"status\":200}");
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            app.print("{\"requestId\":\"r-1\",\"status\":200}");
        });
        printer.start();

        assertThat(window.await(LogLines.requestLinesOf(List.of("r-1", "r-2")), Duration.ofSeconds(5)))
                .hasSize(3).last().asString().contains("\"r-1\",\"status\"");
        long started = System.nanoTime();
        assertThat(window.await(LogLines.requestLinesOf(List.of("r-3")), Duration.ofMillis(300))).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        printer.join();
    }

    @Test
    void withoutAnIdAnyLineWithARouteIsTheRequests() {
        assertThat(LogLines.requestLinesOf(List.of("")).test(List.of("{\"route\":\"/api/chat\"}"))).isTrue();
        assertThat(LogLines.requestLinesOf(List.of("")).test(List.of("{\"message\":\"started\"}"))).isFalse();
        assertThat(LogLines.of(List.of("{\"message\":\"a\"}", "{\"route\":\"/api/chat\"}")).requestOrAnyRoute(""))
                .hasValueSatisfying(line -> assertThat(line.raw()).contains("route"));
    }
}
