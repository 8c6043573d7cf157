package dev.labkit.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSubmissionTests {

    @TempDir
    Path dir;

    private Path project(String name) throws IOException {
        Path project = dir.resolve(name);
        Files.createDirectories(project.resolve("src/main/java/app"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.writeString(project.resolve("src/main/java/app/App.java"), "class App {}\n");
        Files.createDirectories(project.resolve("target/classes"));
        Files.writeString(project.resolve("target/classes/App.class"), "built");
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(project.resolve("node_modules/x"));
        Files.writeString(project.resolve("node_modules/x/index.js"), "module.exports = 1;\n");
        return project;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).map(p -> ContentHash.relative(root, p)).sorted().toList();
        }
    }

    @Test
    void aFolderIsCopiedWithoutBuildOutputGitAndNodeModules() throws Exception {
        Path source = project("alice");
        Path into = dir.resolve("work/alice");

        Path project = new SubmissionUnpacker(UnpackLimits.DEFAULT).materialize(new Submission("alice", source), into);

        assertThat(project).isEqualTo(into);
        assertThat(files(into)).containsExactly("pom.xml", "src", "src/main", "src/main/java", "src/main/java/app",
                "src/main/java/app/App.java");
        assertThat(Files.readString(into.resolve("src/main/java/app/App.java"))).isEqualTo("class App {}\n");
    }

    @Test
    void aLinkPointingOutsideTheSubmissionIsRefusedAndNothingIsLeftBehind() throws Exception {
        Path source = project("bob");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the answers");
        Files.createSymbolicLink(source.resolve("src/answers.txt"), secret);
        Path into = dir.resolve("work/bob");

        assertThatThrownBy(() -> new SubmissionUnpacker(UnpackLimits.DEFAULT)
                .materialize(new Submission("bob", source), into))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("link 'src/answers.txt' points outside the submission");
        assertThat(files(into)).isEmpty();
    }

    @Test
    void aRelativeLinkThatClimbsOutIsRefusedToo() throws Exception {
        Path source = project("carol");
        Files.writeString(dir.resolve("other.txt"), "x");
        Files.createSymbolicLink(source.resolve("src/up"), Path.of("../../other.txt"));

        assertThatThrownBy(() -> new SubmissionUnpacker(UnpackLimits.DEFAULT)
                .materialize(new Submission("carol", source), dir.resolve("work/carol")))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("points outside");
    }

    @Test
    void aLinkInsideTheSubmissionIsKeptAsARelativeLinkToTheCopy() throws Exception {
        Path source = project("dave");
        Files.createSymbolicLink(source.resolve("src/pom-link.xml"), source.resolve("pom.xml")); // absolute, inside
        Path into = dir.resolve("work/dave");

        new SubmissionUnpacker(UnpackLimits.DEFAULT).materialize(new Submission("dave", source), into);

        Path link = into.resolve("src/pom-link.xml");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../pom.xml"));
        assertThat(link.toRealPath()).isEqualTo(into.resolve("pom.xml").toRealPath());
    }

    @Test
    void aFifoIsRefused() throws Exception {
        Path source = project("erin");
        Process mkfifo = new ProcessBuilder("mkfifo", source.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> new SubmissionUnpacker(UnpackLimits.DEFAULT)
                .materialize(new Submission("erin", source), dir.resolve("work/erin")))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("'pipe' is not a regular file");
    }

    @Test
    void limitsAreEnforcedWhileCopying() throws Exception {
        Path source = project("frank");
        Files.write(source.resolve("big.bin"), new byte[2048]);

        assertThatThrownBy(() -> new SubmissionUnpacker(new UnpackLimits(10_000, 100, 1024))
                .materialize(new Submission("frank", source), dir.resolve("work/f1")))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("entry 'big.bin' is larger than 1024 bytes");
        assertThatThrownBy(() -> new SubmissionUnpacker(new UnpackLimits(2000, 100, 4096))
                .materialize(new Submission("frank", source), dir.resolve("work/f2")))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("more than 2000 bytes in all");
        assertThatThrownBy(() -> new SubmissionUnpacker(new UnpackLimits(10_000, 3, 4096))
                .materialize(new Submission("frank", source), dir.resolve("work/f3")))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining("more than 3 files");
        assertThat(files(dir.resolve("work/f1"))).isEmpty();
    }

    @Test
    void theTargetMustBeNewOrEmpty() throws Exception {
        Path source = project("gina");
        Path into = Files.createDirectories(dir.resolve("work/gina"));
        Files.writeString(into.resolve("left.txt"), "x");

        assertThatThrownBy(() -> new SubmissionUnpacker(UnpackLimits.DEFAULT)
                .materialize(new Submission("gina", source), into))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("is not an empty folder");
    }

    @Test
    void theContentHashIsStableAcrossCopiesAndIgnoresWhatTheCopyLeavesOut() throws Exception {
        Path source = project("hank");
        Path copy = dir.resolve("copy");
        new SubmissionUnpacker(UnpackLimits.DEFAULT).materialize(new Submission("hank", source), copy);

        String hash = ContentHash.of(source);

        assertThat(hash).matches("sha256:[0-9a-f]{64}");
        assertThat(ContentHash.of(copy)).isEqualTo(hash);
        Files.writeString(source.resolve("target/classes/App.class"), "rebuilt");
        assertThat(ContentHash.of(source)).as("build output is not content").isEqualTo(hash);
    }

    @Test
    void theContentHashChangesWithOneByteOrARename() throws Exception {
        Path source = project("ivy");
        String hash = ContentHash.of(source);

        Files.writeString(source.resolve("src/main/java/app/App.java"), "class App {}\r");
        String edited = ContentHash.of(source);
        Files.writeString(source.resolve("src/main/java/app/App.java"), "class App {}\n");
        assertThat(ContentHash.of(source)).isEqualTo(hash);
        Files.move(source.resolve("src/main/java/app/App.java"), source.resolve("src/main/java/app/Main.java"));
        String renamed = ContentHash.of(source);

        assertThat(edited).isNotEqualTo(hash);
        assertThat(renamed).isNotEqualTo(hash).isNotEqualTo(edited);
    }

    @Test
    void theContentHashOfALinkToAFolderIsThatOfTheFolder() throws Exception {
        Path source = project("jane");
        Path link = Files.createSymbolicLink(dir.resolve("jane-link"), source);

        assertThat(ContentHash.of(link)).isEqualTo(ContentHash.of(source));
    }

    @Test
    void theContentHashOfAnArchiveIsThatOfItsBytes() throws Exception {
        Path archive = Files.write(dir.resolve("a.zip"), new byte[] {1, 2, 3});

        assertThat(ContentHash.of(archive))
                .isEqualTo("sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    }
}
