package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import dev.labkit.runner.catalog.LabManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;

/**
 * Writes a lab pack: a zip with {@code labpack.json} first, its signature when a key is given, then
 * every file in path order, each stamped with the same fixed time, so that the same labs, request and
 * creation time give the same bytes. The pack is written beside {@code out} and moved into place when
 * complete.
 */
public final class PackWriter {

    /** The time stamp of every entry (the zip's own times say nothing; {@code createdAt} in the manifest does). */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private final Clock clock;
    private final RunnerVersion runner;
    private final Consumer<String> progress;

    /**
     * @param clock gives {@code createdAt} (truncated to seconds); pass a fixed clock for reproducible packs
     * @param runner the runner whose version the default range starts from
     * @param progress told before a lab's checks are built (10-60 s), when their jar is missing or stale
     */
    public PackWriter(Clock clock, RunnerVersion runner, Consumer<String> progress) {
        this.clock = clock;
        this.runner = runner;
        this.progress = progress;
    }

    /** A writer that says nothing while it builds checks. */
    public PackWriter(Clock clock, RunnerVersion runner) {
        this(clock, runner, message -> { });
    }

    /**
     * Builds the pack {@code request} describes.
     *
     * @return its manifest
     * @throws LabException when a lab's suite cannot be built, a file cannot be read, the key is not an
     *     Ed25519 private key, or {@code out} cannot be written
     */
    public PackManifest write(PackRequest request) {
        if (request.labs().isEmpty()) {
            throw LabException.of("name at least one lab to pack (see `lab list`)");
        }
        String range = request.runnerRange().orElseGet(() -> Compatibility.defaultRange(runner));
        Compatibility.range(range, "--runner"); // a bad range is refused before anything is read
        PrivateKey key = request.signKey().map(PackSignature::readPrivate).orElse(null);
        SortedMap<String, Path> sources = new TreeMap<>();
        List<PackManifest.Lab> labs = new ArrayList<>();
        List<String> sdks = new ArrayList<>();
        for (LabManifest lab : request.labs().stream().sorted(Comparator.comparing(LabManifest::id)).toList()) {
            if (labs.stream().anyMatch(l -> l.id().equals(lab.id()))) {
                throw LabException.of("lab " + lab.id() + " is named twice: name each lab once");
            }
            PackContent.add(lab, request.edition(), sources, progress);
            labs.add(new PackManifest.Lab(lab.id(), lab.title()));
            sdks.add(SuiteSdkVersion.of(lab));
        }
        String sdk = sdks.stream().max(Comparator.comparing(DefaultArtifactVersion::new)).orElseThrow();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<PackManifest.PackFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> source : sources.entrySet()) {
            byte[] bytes = read(source.getValue());
            contents.put(source.getKey(), bytes);
            files.add(new PackManifest.PackFile(source.getKey(), PackDigest.sha256(bytes), bytes.length,
                    executable(source.getValue())));
        }
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PackManifest manifest = new PackManifest(PackManifest.FORMAT, request.name(), request.version(),
                request.edition(), createdAt, range, sdk, labs, files);
        byte[] manifestBytes = manifest.toBytes();
        Path out = request.out().toAbsolutePath();
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try {
            Files.createDirectories(out.getParent());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                put(zip, PackLayout.MANIFEST, manifestBytes);
                if (key != null) {
                    put(zip, PackLayout.SIGNATURE, (PackSignature.sign(key, manifestBytes) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
                    put(zip, entry.getKey(), entry.getValue());
                }
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the error below is the one to report
            }
            throw LabException.of("cannot write the pack " + request.out() + " (" + FileTrees.reason(e)
                    + "): choose a writable path", e);
        }
        return manifest;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw LabException.of("cannot read " + file + " (" + FileTrees.reason(e) + "): check it can be read", e);
        }
    }

    private static boolean executable(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        try {
            return posix != null && posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException e) {
            return false;
        }
    }
}
