package dev.labkit.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionIntakeTests {

    @TempDir
    Path dir;

    private Path folder(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("pom.xml"), "<project/>");
        return folder;
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "x");
    }

    @Test
    void aFolderOfFoldersAndArchivesGivesOneSubmissionEachSortedByStudent() throws IOException {
        folder("zoe");
        file("bob.zip");
        file("carol.tar.gz");
        file("alice.tgz");
        folder(".hidden");
        file(".secret.zip");
        folder("__MACOSX");
        file("notes.txt");
        file("roster.csv");

        List<Submission> found = SubmissionIntake.discover(dir);

        assertThat(found).containsExactly(
                new Submission("alice", dir.resolve("alice.tgz")),
                new Submission("bob", dir.resolve("bob.zip")),
                new Submission("carol", dir.resolve("carol.tar.gz")),
                new Submission("zoe", dir.resolve("zoe")));
    }

    @Test
    void aStudentWithAFolderAndAnArchiveIsAnError() throws IOException {
        folder("alice");
        file("alice.zip");

        assertThatThrownBy(() -> SubmissionIntake.discover(dir))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("student 'alice' has two submissions (alice and alice.zip)");
    }

    @Test
    void anEmptyFolderIsAnError() {
        assertThatThrownBy(() -> SubmissionIntake.discover(dir))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("holds no submission");
    }

    @Test
    void aMissingPathIsAnError() {
        assertThatThrownBy(() -> SubmissionIntake.discover(dir.resolve("nope")))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnusableNameIsAnErrorNamingIt() throws IOException {
        folder("Jean Dupont");

        assertThatThrownBy(() -> SubmissionIntake.discover(dir))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("'Jean Dupont' is not a usable student id");
    }

    @Test
    void aRosterMapsStudentsToPathsRelativeToItsFolder() throws IOException {
        folder("subs/a1");
        Files.writeString(dir.resolve("subs/b2.zip"), "x");
        Path roster = Files.writeString(dir.resolve("roster.csv"),
                "\uFEFFEmail,PATH,Student\n"
                        + "x@y,subs/b2.zip,bob@example.org\n"
                        + "\n"
                        + "\"z,w\",\"subs/a1\",alice\n");

        assertThat(SubmissionIntake.discover(roster)).containsExactly(
                new Submission("alice", dir.resolve("subs/a1")),
                new Submission("bob@example.org", dir.resolve("subs/b2.zip")));
    }

    @Test
    void aRosterWithoutAPathColumnIsAnError() throws IOException {
        Path roster = Files.writeString(dir.resolve("roster.csv"), "student,folder\nalice,a\n");

        assertThatThrownBy(() -> SubmissionIntake.discover(roster))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("line 1: the header row must name the columns 'student' and 'path'");
    }

    @Test
    void aRosterPathThatIsMissingIsAnErrorNamingTheLine() throws IOException {
        folder("a");
        Path roster = Files.writeString(dir.resolve("roster.csv"), "student,path\nalice,a\nbob,b\n");

        assertThatThrownBy(() -> SubmissionIntake.discover(roster))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("roster.csv line 3: ")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aStudentListedTwiceInARosterIsAnErrorNamingTheLine() throws IOException {
        folder("a");
        folder("b");
        Path roster = Files.writeString(dir.resolve("roster.csv"), "student,path\nalice,a\nalice,b\n");

        assertThatThrownBy(() -> SubmissionIntake.discover(roster))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("roster.csv line 3: student 'alice' is listed twice");
    }

    @Test
    void rosterLinesAreCountedAcrossQuotedLineBreaks() throws IOException {
        folder("a");
        Path roster = Files.writeString(dir.resolve("roster.csv"),
                "student,path,note\nalice,a,\"two\nlines\"\nbob,missing,x\n");

        assertThatThrownBy(() -> SubmissionIntake.discover(roster))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("roster.csv line 4: ");
    }

    @Test
    void twoStudentsOnOneSubmissionAreAllowedInARoster() throws IOException {
        folder("team");
        Path roster = Files.writeString(dir.resolve("roster.csv"), "student,path\nalice,team\nbob,team\n");

        assertThat(SubmissionIntake.discover(roster)).extracting(Submission::student).containsExactly("alice", "bob");
    }
}
