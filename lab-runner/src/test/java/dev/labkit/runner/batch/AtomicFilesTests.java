package dev.labkit.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes, and the cleaning of what a write killed half-way (SIGKILL) left in an output folder. */
class AtomicFilesTests {

    @TempDir
    Path out;

    @Test
    void writesWholeFilesAndLeavesNoTemporaryFile() throws Exception {
        AtomicFiles.write(out.resolve("submissions/alice/row.json"), "{}\n");
        AtomicFiles.write(out.resolve("submissions/alice/row.json"), "{\"a\": 1}\n");

        assertThat(out.resolve("submissions/alice/row.json")).hasContent("{\"a\": 1}");
        try (var files = Files.list(out.resolve("submissions/alice"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("row.json");
        }
    }

    /** The temporary files are named as {@link AtomicFiles#write} names them; a student's or user's files stay. */
    @Test
    void deletesTheTemporaryFilesOfWritesKilledHalfWayAndNothingElse() throws Exception {
        Path killedCsv = Files.createTempFile(out, ".gradebook.csv", ".tmp"); // as write names them
        Path killedRow = Files.writeString(Files.createDirectories(out.resolve("submissions/alice"))
                .resolve(".row.json4242.tmp"), "{\"stud");
        Path notes = Files.writeString(out.resolve("notes.tmp"), "mine");
        Path hidden = Files.writeString(out.resolve(".keep"), "");
        Path row = Files.writeString(out.resolve("submissions/alice/row.json"), "{}");

        assertThat(AtomicFiles.deleteLeftovers(out)).containsExactlyInAnyOrder(killedCsv, killedRow);

        assertThat(killedCsv).doesNotExist();
        assertThat(killedRow).doesNotExist();
        assertThat(notes).exists();
        assertThat(hidden).exists();
        assertThat(row).exists();
        assertThat(AtomicFiles.deleteLeftovers(out.resolve("missing"))).isEmpty();
    }
}
