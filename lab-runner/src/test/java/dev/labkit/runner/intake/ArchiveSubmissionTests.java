package dev.labkit.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSubmissionTests {

    private static final long MB = 1024L * 1024L;

    @TempDir
    Path dir;

    private Path into() {
        return dir.resolve("work");
    }

    private Path materialize(Path archive) throws Exception {
        return materialize(archive, UnpackLimits.DEFAULT);
    }

    private Path materialize(Path archive, UnpackLimits limits) throws Exception {
        return new SubmissionUnpacker(limits).materialize(new Submission("alice", archive), into());
    }

    private void assertRejected(Path archive, String reason) {
        assertRejected(archive, UnpackLimits.DEFAULT, reason);
    }

    private void assertRejected(Path archive, UnpackLimits limits, String reason) {
        assertThatThrownBy(() -> materialize(archive, limits))
                .isInstanceOf(SubmissionRejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SubmissionRejected) e).reason()).doesNotContain("\n"));
        assertThat(files(into())).as("nothing of a rejected archive is left").isEmpty();
    }

    private static List<String> files(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).map(p -> ContentHash.relative(root, p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aZipWithOneTopFolderGivesThatFolder() throws Exception {
        Path zip = ArchiveSample.project("alice-lab01/").directory("alice-lab01/target/classes")
                .file("alice-lab01/target/classes/App.class", "built").file("__MACOSX/._pom.xml", "mac")
                .file("alice-lab01/.DS_Store", "mac").zip(dir.resolve("alice.zip"));

        Path project = materialize(zip);

        assertThat(project).isEqualTo(into().resolve("alice-lab01"));
        assertThat(files(into())).containsExactly("alice-lab01", "alice-lab01/pom.xml", "alice-lab01/src",
                "alice-lab01/src/main", "alice-lab01/src/main/java", "alice-lab01/src/main/java/app",
                "alice-lab01/src/main/java/app/App.java");
        assertThat(Files.readString(project.resolve("src/main/java/app/App.java"))).isEqualTo("class App {}\n");
    }

    @Test
    void aFlatTarGzGivesTheFolderItself() throws Exception {
        Path tgz = ArchiveSample.project("").tarGz(dir.resolve("alice.tar.gz"));

        Path project = materialize(tgz);

        assertThat(project).isEqualTo(into());
        assertThat(files(into())).contains("pom.xml", "src/main/java/app/App.java");
    }

    @Test
    void aTgzWithOneTopFolderGivesThatFolder() throws Exception {
        Path tgz = ArchiveSample.project("lab/").tarGz(dir.resolve("alice.tgz"));

        assertThat(materialize(tgz)).isEqualTo(into().resolve("lab"));
        assertThat(Files.readString(into().resolve("lab/pom.xml"))).isEqualTo("<project/>");
    }

    @Test
    void pathTraversalIsRefusedInZipAndTar() throws Exception {
        assertRejected(ArchiveSample.project("").file("src/../../evil.sh", "rm -rf ~").zip(dir.resolve("a.zip")),
                "entry 'src/../../evil.sh' would be written outside the submission");
        assertRejected(ArchiveSample.project("").file("../evil.sh", "x").tarGz(dir.resolve("a.tgz")),
                "entry '../evil.sh' would be written outside");
        assertThat(dir.resolve("evil.sh")).doesNotExist();
    }

    @Test
    void absolutePathsDriveLettersAndBackslashesAreRefused() throws Exception {
        assertRejected(ArchiveSample.project("").file("/tmp/evil.sh", "x").zip(dir.resolve("b.zip")),
                "entry '/tmp/evil.sh' has an absolute path");
        assertRejected(ArchiveSample.project("").file("/tmp/evil.sh", "x").tarGz(dir.resolve("b.tgz")),
                "entry '/tmp/evil.sh' has an absolute path");
        assertRejected(ArchiveSample.project("").file("C:/evil.bat", "x").zip(dir.resolve("c.zip")),
                "entry 'C:/evil.bat' has an absolute path, a drive letter");
        assertRejected(ArchiveSample.project("").file("src/..\\..\\evil.bat", "x").zip(dir.resolve("d.zip")),
                "entry 'src/..\\..\\evil.bat' has an absolute path, a drive letter or a backslash");
        assertRejected(ArchiveSample.project("").file("src\\evil.bat", "x").tarGz(dir.resolve("d.tgz")),
                "a backslash");
    }

    @Test
    void aSymbolicLinkPointingOutIsRefusedInZipAndTar() throws Exception {
        assertRejected(ArchiveSample.project("").symbolicLink("src/passwd", "/etc/passwd").zip(dir.resolve("e.zip")),
                "link 'src/passwd' points outside the submission (to /etc/passwd)");
        assertRejected(ArchiveSample.project("").symbolicLink("up", "../..").tarGz(dir.resolve("e.tgz")),
                "link 'up' points outside the submission (to ../..)");
    }

    @Test
    void aChainOfLinksThatEndsOutsideIsRefused() throws Exception {
        // Each link looks inside on its own; together they climb out of the folder.
        Path tgz = ArchiveSample.project("").symbolicLink("here", ".").symbolicLink("x", "here/../outside")
                .tarGz(dir.resolve("f.tgz"));
        Files.writeString(dir.resolve("outside"), "x");

        assertRejected(tgz, "link 'x' points outside the submission");
    }

    @Test
    void aSymbolicLinkInsideIsKept() throws Exception {
        Path zip = ArchiveSample.project("").symbolicLink("src/pom.xml", "../pom.xml").zip(dir.resolve("g.zip"));

        Path project = materialize(zip);

        assertThat(Files.isSymbolicLink(project.resolve("src/pom.xml"))).isTrue();
        assertThat(Files.readString(project.resolve("src/pom.xml"))).isEqualTo("<project/>");
    }

    @Test
    void aHardLinkPointingOutIsRefusedAndOneInsideBecomesACopy() throws Exception {
        assertRejected(ArchiveSample.project("").hardLink("shadow", "../../etc/shadow").tarGz(dir.resolve("h.tgz")),
                "hard link 'shadow' points outside the submission");

        Path project = materialize(ArchiveSample.project("").hardLink("copy.xml", "pom.xml")
                .tarGz(dir.resolve("i.tgz")));

        assertThat(Files.isSymbolicLink(project.resolve("copy.xml"))).isFalse();
        assertThat(Files.readString(project.resolve("copy.xml"))).isEqualTo("<project/>");
    }

    @Test
    void fifosAndDevicesAreRefused() throws Exception {
        assertRejected(ArchiveSample.project("").fifo("pipe").tarGz(dir.resolve("j.tgz")),
                "entry 'pipe' is a device or FIFO");
        assertRejected(ArchiveSample.project("").fifo("pipe").zip(dir.resolve("j.zip")),
                "entry 'pipe' is a device, FIFO or socket");
    }

    @Test
    void aZipBombWithALyingHeaderIsStoppedAtTheLimitWhileInflating() throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bomb)) {
            zip.setUseZip64(Zip64Mode.Never);
            zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            byte[] zeros = new byte[(int) MB];
            for (int i = 0; i < 300; i++) {
                zip.write(zeros);
            }
            zip.closeArchiveEntry();
        }
        declareUncompressedSize(bomb, 1000);
        assertThat(Files.size(bomb)).as("300 MB of zeros compress to a few hundred KB").isLessThan(MB);

        long start = System.nanoTime();
        assertRejected(bomb, new UnpackLimits(200 * MB, 100, 10 * MB),
                "entry 'zeros.bin' is larger than 10485760 bytes (counted while reading");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to stop").isLessThan(5000);
        assertRejected(bomb, new UnpackLimits(5 * MB, 100, 10 * MB), "more than 5242880 bytes in all");
    }

    @Test
    void aGzipBombInATarIsStoppedAtTheLimit() throws Exception {
        Path bomb = dir.resolve("bomb.tgz");
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(Files.newOutputStream(bomb));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            // Even skipped entries (node_modules/) are counted, since they are inflated to be skipped.
            TarArchiveEntry entry = new TarArchiveEntry("node_modules/zeros.bin");
            entry.setSize(100 * MB);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[(int) MB];
            for (int i = 0; i < 100; i++) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        }

        assertRejected(bomb, new UnpackLimits(200 * MB, 100, 10 * MB),
                "entry 'node_modules/zeros.bin' is larger than 10485760 bytes");
    }

    @Test
    void tooManyFilesAreRefused() throws Exception {
        ArchiveSample many = new ArchiveSample();
        for (int i = 0; i < 30; i++) {
            many.file("f" + i + ".txt", "x");
        }

        assertRejected(many.zip(dir.resolve("many.zip")), new UnpackLimits(MB, 20, MB), "more than 20 files");
        assertRejected(many.tarGz(dir.resolve("many.tgz")), new UnpackLimits(MB, 20, MB), "more than 20 files");
    }

    @Test
    void aTruncatedArchiveIsRefusedAsDamaged() throws Exception {
        ArchiveSample big = ArchiveSample.project("");
        big.file("data.txt", "some text that is long enough to be cut ".repeat(2000));
        Path zip = big.zip(dir.resolve("whole.zip"));
        Path tgz = big.tarGz(dir.resolve("whole.tgz"));
        Path cutZip = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(Files.readAllBytes(zip), (int) Files.size(zip) / 2));
        Path cutTgz = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(Files.readAllBytes(tgz), (int) Files.size(tgz) / 2));

        assertRejected(cutZip, "cut.zip is damaged or truncated");
        assertRejected(cutTgz, "cut.tgz is damaged or truncated");
    }

    @Test
    void aZipThatIsTextIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("alice.zip"), "I could not upload my project, sorry!\n");

        assertRejected(text, "alice.zip is not a zip archive");
        assertRejected(Files.writeString(dir.resolve("alice.tgz"), "hello"), "alice.tgz is not a gzip-compressed tar");
    }

    @Test
    void aGzipThatIsNotATarIsRefused() throws Exception {
        Path gz = dir.resolve("notatar.tar.gz");
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gz))) {
            out.write("just text, no tar headers ".repeat(100).getBytes());
        }

        assertRejected(gz, "notatar.tar.gz is damaged or truncated");
    }

    @Test
    void anEntryTwiceIsRefused() throws Exception {
        assertRejected(ArchiveSample.project("").file("pom.xml", "<other/>").zip(dir.resolve("twice.zip")),
                "entry 'pom.xml' appears twice");
    }

    @Test
    void anArchiveWithNothingButBuildOutputIsRefused() throws Exception {
        Path zip = new ArchiveSample().file("target/app.jar", "jar").file("__MACOSX/._x", "mac")
                .zip(dir.resolve("empty.zip"));

        assertRejected(zip, "empty.zip holds no file");
    }

    /** Rewrites the uncompressed size a zip declares for its first entry, in both headers (a lying zip bomb). */
    private static void declareUncompressedSize(Path zip, int size) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(end, channel.size() - 22);
            assertThat(end.getInt(0)).as("end of central directory").isEqualTo(0x06054b50);
            long central = Integer.toUnsignedLong(end.getInt(16));
            ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, size);
            channel.write(value, central + 24); // central directory: uncompressed size
            value.rewind();
            channel.write(value, 22); // local file header: uncompressed size
        }
    }
}
