package dev.labkit.runner.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified packs extracted once per SHA-256, whole or not at all; learner editions known as such. */
class PackCacheTests {

    @TempDir
    Path temp;

    private VerifiedPack pack(PackEdition edition) throws Exception {
        Path labs = PackLabsFixture.labs(temp.resolve("kit"));
        Path out = temp.resolve(edition.id() + ".labpack");
        new PackWriter(PackVerifierTests.CLOCK, PackVerifierTests.RUNNER).write(new PackRequest(
                List.of(PackLabsFixture.lab(labs)), out, edition, "cached", "1", Optional.empty(), Optional.empty()));
        return new PackVerifier(PackVerifierTests.RUNNER).verify(out, Optional.empty());
    }

    @Test
    void aPackIsExtractedIntoAFolderNamedByItsSha256WithEveryFileItLists() throws Exception {
        VerifiedPack pack = pack(PackEdition.FULL);
        Path root = temp.resolve("cache");

        Path extracted = new PackCache(root).open(pack);

        assertThat(extracted).isEqualTo(root.resolve(pack.sha256()));
        assertThat(pack.sha256()).isEqualTo(PackDigest.sha256(pack.file()));
        for (PackManifest.PackFile file : pack.manifest().files()) {
            assertThat(PackDigest.sha256(extracted.resolve(file.path()))).as(file.path()).isEqualTo(file.sha256());
            assertThat(Files.getPosixFilePermissions(extracted.resolve(file.path()))).as(file.path())
                    .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
        }
        assertThat(PackCache.labs(extracted).resolve("01-chatbot/lab.yaml")).isRegularFile();
        assertThat(extracted.resolve("labpack.json")).isRegularFile();
        assertThat(PackEdition.ofLab(PackCache.labs(extracted).resolve("01-chatbot"))).isEqualTo(PackEdition.FULL);
    }

    @Test
    void aLearnerEditionLabIsKnownAsSuchFromItsFolder() throws Exception {
        Path extracted = new PackCache(temp.resolve("cache")).open(pack(PackEdition.LEARNER));

        assertThat(PackEdition.ofLab(PackCache.labs(extracted).resolve("01-chatbot"))).isEqualTo(PackEdition.LEARNER);
        assertThat(PackEdition.ofLab(temp.resolve("kit/labs/01-chatbot"))).isEqualTo(PackEdition.FULL);
    }

    @Test
    void processesOpeningTheSamePackAtOnceShareOneWholeFolderAndLeaveNothingHalfDone() throws Exception {
        VerifiedPack pack = pack(PackEdition.LEARNER);
        Path root = temp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> opened = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                opened.add(pool.submit(() -> new PackCache(root).open(pack)));
            }
            for (Future<Path> folder : opened) {
                assertThat(folder.get()).isEqualTo(root.resolve(pack.sha256()));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> children = Files.list(root)) {
            assertThat(children.map(p -> p.getFileName().toString())).containsExactly(pack.sha256());
        }
        Map<String, byte[]> entries = PackLabsFixture.entries(pack.file());
        try (Stream<Path> files = Files.walk(root.resolve(pack.sha256()))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(entries.size());
        }
    }
}
