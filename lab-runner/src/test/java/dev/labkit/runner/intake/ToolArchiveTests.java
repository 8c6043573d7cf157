package dev.labkit.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives as learners make them: with Info-ZIP's {@code zip} and GNU {@code tar}, links stored as links. */
class ToolArchiveTests {

    @TempDir
    Path dir;

    private Path project() throws IOException {
        Path project = Files.createDirectories(dir.resolve("lab01/src/main/java/app"));
        Files.writeString(dir.resolve("lab01/pom.xml"), "<project/>");
        Files.writeString(project.resolve("App.java"), "class App {}\n");
        Files.createSymbolicLink(dir.resolve("lab01/src/pom.xml"), Path.of("../pom.xml"));
        Files.createDirectories(dir.resolve("lab01/target"));
        Files.writeString(dir.resolve("lab01/target/app.jar"), "jar");
        return dir.resolve("lab01");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private Path materialize(Path archive, String into) throws Exception {
        return new SubmissionUnpacker(UnpackLimits.DEFAULT).materialize(new Submission("alice", archive),
                dir.resolve(into));
    }

    @Test
    void aZipMadeByInfoZipWithAnInsideLinkIsUnpacked() throws Exception {
        project();
        run("zip", "-q", "-r", "-y", "alice.zip", "lab01");

        Path project = materialize(dir.resolve("alice.zip"), "work");

        assertThat(project).isEqualTo(dir.resolve("work/lab01"));
        assertThat(Files.readString(project.resolve("src/main/java/app/App.java"))).isEqualTo("class App {}\n");
        assertThat(Files.isSymbolicLink(project.resolve("src/pom.xml"))).isTrue();
        assertThat(project.resolve("target")).doesNotExist();
    }

    @Test
    void aTarGzMadeByGnuTarIsUnpackedAndItsLinkOutRefused() throws Exception {
        project();
        run("tar", "-czf", "alice.tar.gz", "lab01");
        assertThat(materialize(dir.resolve("alice.tar.gz"), "work")).isEqualTo(dir.resolve("work/lab01"));

        Files.createSymbolicLink(dir.resolve("lab01/src/hosts"), Path.of("/etc/hosts"));
        run("tar", "-czf", "bob.tgz", "lab01");
        assertThatThrownBy(() -> materialize(dir.resolve("bob.tgz"), "work2"))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("link 'lab01/src/hosts' points outside the submission (to /etc/hosts)");
    }

    @Test
    void aZipMadeByInfoZipWithALinkOutIsRefused() throws Exception {
        project();
        Files.createSymbolicLink(dir.resolve("lab01/src/hosts"), Path.of("/etc/hosts"));
        run("zip", "-q", "-r", "-y", "alice.zip", "lab01");

        assertThatThrownBy(() -> materialize(dir.resolve("alice.zip"), "work"))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("link 'lab01/src/hosts' points outside the submission (to /etc/hosts)");
    }
}
