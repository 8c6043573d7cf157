package dev.labkit.runner.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.checks.sdk.ImageTarball;
import dev.labkit.runner.LabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JreBaseImageTests {

    @Test
    void makesAJavaBaseImageWithoutDockerThatSetsNoUserAndCachesIt() throws Exception {
        JreBaseImage base = TestBases.runnersJava();
        assumeTrue(base.unavailable().isEmpty(), () -> base.unavailable().orElseThrow());
        Files.deleteIfExists(base.tarball());
        List<String> progress = new ArrayList<>();

        Path tarball = base.ensure(progress::add);

        assertThat(tarball).isEqualTo(base.tarball()).isRegularFile();
        assertThat(tarball.getFileName().toString()).matches("jre-base-[0-9a-f]{12}\\.tar");
        assertThat(progress).anyMatch(line -> line.startsWith("jlink")).anyMatch(line -> line.startsWith("cached"));
        ImageTarball image = ImageTarball.read(tarball);
        assertThat(image.layout()).isEqualTo("docker");
        assertThat(image.user()).as("the base must leave the user to the app's own Jib configuration").isEmpty();
        assertThat(image.env()).containsEntry("JAVA_HOME", "/opt/java").containsEntry("PATH", "/opt/java/bin:/usr/bin:/bin");
        assertThat(image.files()).extracting(ImageTarball.LayerFile::path)
                .contains("/opt/java/bin/java", "/opt/java/lib/server/libjvm.so", "/etc/passwd")
                .anyMatch(path -> path.matches("/lib.*/libc\\.so\\.6"))
                .anyMatch(path -> path.matches("/lib.*/ld-linux.*\\.so\\.2"));
        assertThat(image.files()).extracting(ImageTarball.LayerFile::path).as("only the runtime, libraries and /etc")
                .allMatch(path -> path.matches("/(opt/java|lib|lib64|usr/lib|etc)/.*"))
                .doesNotHaveDuplicates();
        assertThat(image.files()).filteredOn(f -> f.path().equals("/opt/java/bin/java")).singleElement()
                .satisfies(java -> assertThat(java.size()).isPositive());
        try (var stream = Files.list(tarball.getParent())) {
            assertThat(stream.map(p -> p.getFileName().toString())).as("no work files left in the cache")
                    .containsExactly(tarball.getFileName().toString());
        }

        Files.setLastModifiedTime(tarball, FileTime.fromMillis(1_000_000_000_000L));
        List<String> again = new ArrayList<>();
        assertThat(base.ensure(again::add)).isEqualTo(tarball);
        assertThat(again).as("a cached base is reused, not made again").isEmpty();
        assertThat(Files.getLastModifiedTime(tarball).toMillis()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void eachJavaHasItsOwnCachedBase(@TempDir Path cache) {
        JreBaseImage one = new JreBaseImage(Path.of("/opt/jdk-a"), "17.0.1", cache);
        JreBaseImage other = new JreBaseImage(Path.of("/opt/jdk-a"), "17.0.2", cache);
        JreBaseImage third = new JreBaseImage(Path.of("/opt/jdk-b"), "17.0.1", cache);

        assertThat(Set.of(one.tarball(), other.tarball(), third.tarball())).hasSize(3);
        assertThat(one.tarball()).isEqualTo(new JreBaseImage(Path.of("/opt/jdk-a"), "17.0.1", cache).tarball());
    }

    @Test
    void aJavaWithoutJlinkIsAOneLineErrorSayingWhatToInstall(@TempDir Path cache) throws Exception {
        Path jre = Files.createDirectories(cache.resolve("jre/bin"));
        JreBaseImage base = new JreBaseImage(jre.getParent(), "17", cache);

        assertThat(base.unavailable()).get().asString().contains("has no bin/jlink").contains("JDK 17");
        assertThatThrownBy(() -> base.ensure(line -> { })).isInstanceOf(LabException.class)
                .hasMessageStartingWith("cannot make the offline Java base image: the runner's Java");
    }

    @Test
    void readsLibraryPathsFromLddOutput() {
        String output = """
                /opt/java/bin/java:
                \tlinux-vdso.so.1 (0x00007ffd)
                \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f1)
                \tlibmissing.so => not found
                \t/lib64/ld-linux-x86-64.so.2 (0x00007f2)
                /opt/java/lib/jspawnhelper:
                \tnot a dynamic executable
                """;

        assertThat(JreBaseImage.lddPaths(output)).containsExactlyInAnyOrder(
                Path.of("/lib/x86_64-linux-gnu/libz.so.1"), Path.of("/lib64/ld-linux-x86-64.so.2"));
    }
}
