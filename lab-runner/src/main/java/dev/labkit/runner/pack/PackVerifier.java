package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Checks a pack before anything of it is used: integrity (a plain zip of files: no link, no folder
 * entry, no name twice, no absolute or climbing name; every file listed in {@code labpack.json} with
 * its SHA-256 and size; nothing unlisted), its signature when a public key is given, and that it suits
 * this runner ({@link Compatibility}). Each refusal is a {@link LabException} of one line: what is
 * wrong, and what to do.
 */
public final class PackVerifier {

    /** The largest manifest or signature read (a manifest lists about 150 bytes per file). */
    private static final int MAX_MANIFEST = 16 * 1024 * 1024;

    private final RunnerVersion runner;

    /** @param runner the runner the pack must suit */
    public PackVerifier(RunnerVersion runner) {
        this.runner = runner;
    }

    /**
     * Verifies {@code file}.
     *
     * @param publicKey the key its signature must match; when given, an unsigned pack is refused
     * @return the verified pack
     * @throws LabException when the pack is refused
     */
    public VerifiedPack verify(Path file, Optional<PublicKey> publicKey) {
        if (!Files.isRegularFile(file)) {
            throw LabException.of("no pack at " + file + ": give the path of a .labpack file");
        }
        String name = file.getFileName().toString();
        try (ZipFile zip = open(file)) {
            Map<String, ZipArchiveEntry> entries = entries(zip, name);
            ZipArchiveEntry manifestEntry = entries.get(PackLayout.MANIFEST);
            if (manifestEntry == null) {
                throw LabException.of(name + " is not a lab pack (no " + PackLayout.MANIFEST
                        + " in it): build packs with `lab pack`");
            }
            byte[] manifestBytes = read(zip, manifestEntry);
            PackManifest manifest = PackManifest.parse(manifestBytes, name);
            checkFiles(zip, entries, manifest, name);
            ZipArchiveEntry signatureEntry = entries.get(PackLayout.SIGNATURE);
            Optional<String> signer = Optional.empty();
            if (publicKey.isPresent()) {
                String fingerprint = PackSignature.fingerprint(publicKey.get());
                if (signatureEntry == null) {
                    throw LabException.of("pack " + name + " is not signed, and a public key (" + fingerprint
                            + ") was given: ask its publisher for a signed pack, or leave out --public-key to trust it"
                            + " unsigned");
                }
                String signature = new String(read(zip, signatureEntry), StandardCharsets.US_ASCII);
                if (!PackSignature.verify(publicKey.get(), manifestBytes, signature)) {
                    throw LabException.of("pack " + name + " does not carry a valid signature by key " + fingerprint
                            + " (changed after signing, or signed with another key): get the pack again from its"
                            + " publisher, and check you have their public key");
                }
                signer = Optional.of(fingerprint);
            }
            Compatibility.problem(manifest, runner, name).ifPresent(problem -> {
                throw LabException.of(problem);
            });
            return new VerifiedPack(file, PackDigest.sha256(file), manifest, signatureEntry != null, signer);
        } catch (IOException e) {
            throw LabException.of("cannot read the pack " + file + " (" + FileTrees.reason(e)
                    + "): check the file, or get it again", e);
        }
    }

    /** Opens a zip; a one-line refusal when it is not one. */
    static ZipFile open(Path file) {
        try {
            return ZipFile.builder().setPath(file).get();
        } catch (IOException e) {
            throw LabException.of(file.getFileName() + " is not a lab pack (not a readable zip file: "
                    + LabException.firstLine(e.getMessage(), e.toString()) + "): get the pack again", e);
        }
    }

    /** Every entry by name, each a plain file with a safe name, none twice. */
    private static Map<String, ZipArchiveEntry> entries(ZipFile zip, String name) {
        Map<String, ZipArchiveEntry> entries = new HashMap<>();
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            String entryName = entry.getName();
            if (entry.isDirectory()) {
                throw refused(name, "it has a folder entry " + entryName + " (a pack holds files only)");
            }
            if (entry.isUnixSymlink()) {
                throw refused(name, "entry " + entryName + " is a symbolic link");
            }
            PackLayout.unsafe(entryName).ifPresent(why -> {
                throw refused(name, why);
            });
            if (entries.put(entryName, entry) != null) {
                throw refused(name, "entry " + entryName + " is in it twice");
            }
        }
        return entries;
    }

    private static void checkFiles(ZipFile zip, Map<String, ZipArchiveEntry> entries, PackManifest manifest,
            String name) throws IOException {
        Map<String, PackManifest.PackFile> listed = new HashMap<>();
        for (PackManifest.PackFile file : manifest.files()) {
            PackLayout.unsafe(file.path()).ifPresent(why -> {
                throw refused(name, "labpack.json lists a file that cannot be extracted: " + why);
            });
            if (PackLayout.isRootFile(file.path()) || listed.put(file.path(), file) != null) {
                throw refused(name, "labpack.json lists " + file.path() + " twice");
            }
            ZipArchiveEntry entry = entries.get(file.path());
            if (entry == null) {
                throw refused(name, "file " + file.path() + " listed in labpack.json is missing");
            }
            if (!file.sha256().equals(sha256(zip, entry, file.size()))) {
                throw refused(name, "file " + file.path() + " does not match its SHA-256 in labpack.json (changed"
                        + " after packing)");
            }
        }
        for (String entry : entries.keySet()) {
            if (!PackLayout.isRootFile(entry) && !listed.containsKey(entry)) {
                throw refused(name, "entry " + entry + " is not listed in labpack.json (added after packing)");
            }
        }
    }

    /** The SHA-256 of an entry's bytes; a digest no file has when it is longer than {@code size} says. */
    private static String sha256(ZipFile zip, ZipArchiveEntry entry, long size) throws IOException {
        MessageDigest digest = PackDigest.digest();
        long total = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > size) {
                    return "longer than listed";
                }
                digest.update(buffer, 0, n);
            }
        }
        return total == size ? HexFormat.of().formatHex(digest.digest()) : "shorter than listed";
    }

    private static byte[] read(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST + 1);
            if (bytes.length > MAX_MANIFEST) {
                throw new IOException(entry.getName() + " is larger than 16 MB");
            }
            return bytes;
        }
    }

    private static LabException refused(String name, String problem) {
        return LabException.of("pack " + name + " is damaged or was changed: " + problem
                + "; get the pack again from its publisher");
    }
}
