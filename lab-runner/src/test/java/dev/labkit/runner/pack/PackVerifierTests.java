package dev.labkit.runner.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs written for real, then read back, changed byte by byte and entry by entry, and refused. */
class PackVerifierTests {

    /** This runner's check SDK: the labs' suites are built against it. */
    static final RunnerVersion RUNNER = new RunnerVersion("0.1.0-SNAPSHOT", RunnerVersion.current().checkSdk());
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T13:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private Path labs;

    @BeforeEach
    void makeLabs() throws Exception {
        labs = PackLabsFixture.labs(temp.resolve("kit"));
    }

    private Path pack(PackEdition edition, Optional<String> range) {
        Path out = temp.resolve("bootcamp.labpack");
        new PackWriter(CLOCK, RUNNER).write(new PackRequest(List.of(PackLabsFixture.lab(labs)), out, edition,
                "bootcamp", "2026.1", range, Optional.empty()));
        return out;
    }

    private VerifiedPack verify(Path pack) {
        return new PackVerifier(RUNNER).verify(pack, Optional.empty());
    }

    @Test
    void aWrittenPackVerifiesWithItsManifest() {
        VerifiedPack pack = verify(pack(PackEdition.FULL, Optional.empty()));

        PackManifest manifest = pack.manifest();
        assertThat(manifest.format()).isEqualTo(1);
        assertThat(manifest.name()).isEqualTo("bootcamp");
        assertThat(manifest.version()).isEqualTo("2026.1");
        assertThat(manifest.edition()).isEqualTo(PackEdition.FULL);
        assertThat(manifest.createdAt()).isEqualTo(Instant.parse("2026-11-30T13:00:00Z"));
        assertThat(manifest.runner()).isEqualTo("[0.1.0,1)");
        assertThat(manifest.checkSdk()).isEqualTo(RUNNER.checkSdk()).isEqualTo("1.2.0");
        assertThat(manifest.labs()).extracting(PackManifest.Lab::id).containsExactly("01-chatbot");
        assertThat(manifest.files()).extracting(PackManifest.PackFile::path)
                .contains("labs/01-chatbot/lab.yaml", "labs/01-chatbot/README.md", "labs/01-chatbot/checks/suite.jar",
                        "labs/01-chatbot/checks/pom.xml", "labs/01-chatbot/hidden/questions.json",
                        "labs/01-chatbot/fixtures/greeting.txt", "docs/environment.md", "docs/lab-model.md")
                .noneMatch(path -> path.contains("/target/") || path.contains("node_modules"))
                .isSorted();
        assertThat(pack.signed()).isFalse();
        assertThat(pack.summary()).isEqualTo("bootcamp 2026.1 (full edition): 1 lab (01-chatbot), "
                + manifest.files().size() + " files, needs lab runner [0.1.0,1); unsigned");
    }

    @Test
    void theSameLabsAndTimeGiveTheSameBytes() throws Exception {
        byte[] first = Files.readAllBytes(pack(PackEdition.LEARNER, Optional.empty()));
        byte[] second = Files.readAllBytes(pack(PackEdition.LEARNER, Optional.empty()));

        assertThat(second).isEqualTo(first);
        assertThat(PackLabsFixture.entries(temp.resolve("bootcamp.labpack")).keySet()).first()
                .isEqualTo("labpack.json");
    }

    @Test
    void oneModifiedByteInAnyEntryIsCaught() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.FULL, Optional.empty()));
        for (String name : entries.keySet()) {
            if (name.equals("labpack.json")) {
                continue; // its own bytes are checked by the signature (see PackSignatureTests)
            }
            Map<String, byte[]> changed = new LinkedHashMap<>(entries);
            byte[] bytes = changed.get(name).clone();
            bytes[bytes.length / 2] ^= 1;
            changed.put(name, bytes);
            Path tampered = PackLabsFixture.write(changed, temp.resolve("tampered.labpack"));

            assertThatThrownBy(() -> verify(tampered)).as(name).isInstanceOf(LabException.class)
                    .hasMessage("pack tampered.labpack is damaged or was changed: file " + name
                            + " does not match its SHA-256 in labpack.json (changed after packing); get the pack again"
                            + " from its publisher");
        }
    }

    @Test
    void anUnlistedEntryIsCaught() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
        entries.put("labs/01-chatbot/scaffold/src/main/java/Extra.java", PackLabsFixture.utf8("class Extra {}"));
        Path tampered = PackLabsFixture.write(entries, temp.resolve("extra.labpack"));

        assertThatThrownBy(() -> verify(tampered)).hasMessageContaining(
                "entry labs/01-chatbot/scaffold/src/main/java/Extra.java is not listed in labpack.json");
    }

    @Test
    void aMissingListedFileIsCaught() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
        entries.remove("labs/01-chatbot/lab.yaml");
        Path tampered = PackLabsFixture.write(entries, temp.resolve("missing.labpack"));

        assertThatThrownBy(() -> verify(tampered))
                .hasMessageContaining("file labs/01-chatbot/lab.yaml listed in labpack.json is missing");
    }

    @Test
    void namesThatClimbOutOrAreAbsoluteAreRefused() throws Exception {
        for (String name : List.of("../evil.sh", "labs/../../evil.sh", "/etc/evil", "labs//x")) {
            Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
            entries.put(name, PackLabsFixture.utf8("x"));
            Path tampered = PackLabsFixture.write(entries, temp.resolve("escape.labpack"));

            assertThatThrownBy(() -> verify(tampered)).as(name).isInstanceOf(LabException.class)
                    .hasMessageStartingWith("pack escape.labpack is damaged or was changed: entry " + name);
        }
    }

    @Test
    void aSymbolicLinkEntryIsRefused() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
        Path tampered = temp.resolve("link.labpack");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(tampered)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
            ZipArchiveEntry link = new ZipArchiveEntry("labs/01-chatbot/scaffold/passwords");
            link.setUnixMode(UnixStat.LINK_FLAG | 0777);
            zip.putArchiveEntry(link);
            zip.write(PackLabsFixture.utf8("/etc/shadow"));
            zip.closeArchiveEntry();
        }

        assertThatThrownBy(() -> verify(tampered))
                .hasMessageContaining("entry labs/01-chatbot/scaffold/passwords is a symbolic link");
    }

    @Test
    void anEntryTwiceIsRefused() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
        Path tampered = temp.resolve("twice.labpack");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(tampered)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
            zip.putArchiveEntry(new ZipArchiveEntry("labs/01-chatbot/lab.yaml"));
            zip.write(PackLabsFixture.utf8("id: other\n"));
            zip.closeArchiveEntry();
        }

        assertThatThrownBy(() -> verify(tampered)).hasMessageContaining("entry labs/01-chatbot/lab.yaml is in it twice");
    }

    @Test
    void aPackThatNeedsANewerRunnerIsRefusedWithWhatToDo() {
        Path pack = pack(PackEdition.FULL, Optional.of("[9.0,)"));

        assertThatThrownBy(() -> verify(pack)).isInstanceOf(LabException.class)
                .hasMessage("pack bootcamp.labpack needs lab runner [9.0,); this is 0.1.0-SNAPSHOT: update LabKit"
                        + " (git pull) or ask for a pack built for 0.1");
    }

    @Test
    void aPackForAnOlderMajorRunnerIsRefused() {
        Path pack = pack(PackEdition.FULL, Optional.empty());

        assertThatThrownBy(() -> new PackVerifier(new RunnerVersion("1.2.0", "1.0.0")).verify(pack, Optional.empty()))
                .hasMessageStartingWith("pack bootcamp.labpack needs lab runner [0.1.0,1); this is 1.2.0");
    }

    @Test
    void checksBuiltForANewerSdkMinorOrAnotherMajorAreRefused() {
        Path pack = pack(PackEdition.FULL, Optional.empty());

        assertThatThrownBy(() -> new PackVerifier(new RunnerVersion("0.1.0", "0.9.0")).verify(pack, Optional.empty()))
                .hasMessage("pack bootcamp.labpack has checks built for check SDK " + RUNNER.checkSdk()
                        + "; this runner has SDK 0.9.0:"
                        + " update LabKit (git pull)");
        assertThat(new PackVerifier(new RunnerVersion("0.1.0", "1.3.1")).verify(pack, Optional.empty())).isNotNull();
        assertThatThrownBy(() -> new PackVerifier(new RunnerVersion("0.1.0", "2.0.0")).verify(pack, Optional.empty()))
                .hasMessageEndingWith("ask for a pack built against SDK 2.0");
    }

    @Test
    void aStaleSuiteIsBuiltAgainBeforeItIsPacked() throws Exception {
        Path jar = labs.resolve("01-chatbot/checks/target/suite.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        List<String> progress = new java.util.ArrayList<>();

        new PackWriter(CLOCK, RUNNER, progress::add).write(new PackRequest(List.of(PackLabsFixture.lab(labs)),
                temp.resolve("rebuilt.labpack"), PackEdition.LEARNER, "rebuilt", "1", Optional.empty(),
                Optional.empty()));

        assertThat(progress).singleElement().asString().startsWith("Building the checks of lab 01-chatbot");
        assertThat(Files.getLastModifiedTime(jar).toMillis()).isPositive();
        assertThat(PackLabsFixture.entries(temp.resolve("rebuilt.labpack")).get("labs/01-chatbot/checks/suite.jar"))
                .isEqualTo(Files.readAllBytes(jar));
    }

    @Test
    void aLabWithoutChecksIsNotPackedAndTheMessageSaysWhy() throws Exception {
        dev.labkit.runner.FileTrees.delete(labs.resolve("01-chatbot/checks"));

        assertThatThrownBy(() -> pack(PackEdition.FULL, Optional.empty())).isInstanceOf(LabException.class)
                .hasMessage("lab 01-chatbot has no checks/ folder with its checker suite ("
                        + labs.resolve("01-chatbot/checks/pom.xml") + "): a pack carries each lab's compiled suite;"
                        + " see docs/writing-labs.md");
        assertThat(temp.resolve("bootcamp.labpack")).doesNotExist();
    }

    @Test
    void aFileThatIsNoZipIsNotAPack() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.labpack"), "not a zip");

        assertThatThrownBy(() -> verify(file)).hasMessageStartingWith("notes.labpack is not a lab pack (not a readable zip");
    }

    @Test
    void aPackOfANewerFormatAsksForAnUpdate() throws Exception {
        Map<String, byte[]> entries = PackLabsFixture.entries(pack(PackEdition.LEARNER, Optional.empty()));
        entries.put("labpack.json", PackLabsFixture.utf8(new String(entries.get("labpack.json"),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"format\" : 1", "\"format\" : 2")));
        Path newer = PackLabsFixture.write(entries, temp.resolve("newer.labpack"));

        assertThatThrownBy(() -> verify(newer)).hasMessage("newer.labpack is a pack of format 2, and this runner reads"
                + " format 1: update LabKit (git pull), or ask for a pack of format 1");
    }
}
