package dev.labkit.runner.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.grading.TestLabs;
import dev.labkit.runner.pack.PackImages;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code lab pack --with-images} and {@code lab doctor --load} with the Docker CLI, on a small image
 * made here with {@code docker import} (no registry), named as lab 01's models image for an Ollama
 * image of the test's own, so that no real image is touched.
 */
@Testcontainers(disabledWithoutDocker = true)
class PackImagesTests {

    @TempDir
    Path temp;

    private final String ollama = "labkit/pack-test-ollama:" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> environment = Map.of("LABKIT_OLLAMA_IMAGE", ollama,
            ContainerBuild.IMAGE_VARIABLE, "labkit/no-such-build:0", ContainerSandbox.JRE_IMAGE_VARIABLE,
            "labkit/no-such-jre:0");

    @Test
    void theLabsImagesAreSavedBesideThePackAndLoadedBack() throws Exception {
        LabManifest lab = TestLabs.lab("01-chatbot");
        String models = ContainerModels.cachedImage(ollama, lab.chatModels());
        importImage(models);
        try {
            Path tar = PackImages.imagesFile(temp.resolve("camp.labpack"));
            List<String> progress = new ArrayList<>();

            List<String> saved = new PackImages(environment, "docker").save(List.of(lab), tar, progress::add);

            assertThat(tar.getFileName().toString()).isEqualTo("camp.images.tar");
            assertThat(saved).containsExactly(models);
            assertThat(tar).isRegularFile();
            assertThat(progress).contains("left out labkit/no-such-build:0 (not local; needed only for --sandbox"
                    + " container)");
            TestImages.remove(models);

            List<String> loaded = new PackImages(environment, "docker").load(tar);

            assertThat(loaded).contains("Loaded image: " + models);
            assertThat(DockerEngine.imageExists(models)).isTrue();
        } finally {
            TestImages.remove(models);
        }
    }

    @Test
    void aModelsImageThatIsNotLocalIsOneLineSayingHowToMakeIt() {
        LabManifest lab = TestLabs.lab("01-chatbot");
        String models = ContainerModels.cachedImage(ollama, lab.chatModels());

        assertThatThrownBy(() -> new PackImages(environment, "docker").save(List.of(lab),
                temp.resolve("camp.images.tar"), line -> { }))
                .hasMessage("image " + models + " is not in this machine's Docker (" + ollama + " with the labs'"
                        + " models): make it with `lab check <lab>/solution --models container` once per lab, then"
                        + " pack again");
        assertThat(temp.resolve("camp.images.tar")).doesNotExist();
    }

    /** An image of one small file, from a tar made here: {@code docker import} needs no registry. */
    private void importImage(String name) throws Exception {
        Path rootfs = temp.resolve("rootfs.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(rootfs))) {
            byte[] bytes = "a pack test image\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("hello.txt");
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        Process process = new ProcessBuilder("docker", "import", rootfs.toString(), name).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker import: " + output).isZero();
    }
}
