package dev.labkit.runner.pack;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Verified packs extracted once, each into a folder named by the SHA-256 of the pack file: {@code
 * ROOT/<sha256>/} holds {@code labpack.json}, {@code labs/<id>/...} and {@code docs/}. A pack is
 * extracted into a temporary folder beside it and renamed into place in one step, so that two
 * processes never see half a pack; the extracted files are read-only.
 */
public final class PackCache {

    private final Path root;

    /** @param root the folder that holds the extracted packs (made when needed) */
    public PackCache(Path root) {
        this.root = root;
    }

    /** {@code $XDG_CACHE_HOME/labkit/packs}, else {@code ~/.cache/labkit/packs}. */
    public static Path defaultRoot(Map<String, String> environment, Path userHome) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".cache");
        return cache.resolve("labkit").resolve("packs");
    }

    /** The labs folder of an extracted pack. */
    public static Path labs(Path extracted) {
        return extracted.resolve(PackLayout.LABS);
    }

    /**
     * The folder {@code pack} is extracted in, extracting it first if no process did before.
     *
     * @return {@code ROOT/<sha256>}
     * @throws LabException when the cache cannot be written, or an entry changed since it was verified
     */
    public Path open(VerifiedPack pack) {
        Path target = root.resolve(pack.sha256());
        if (Files.isRegularFile(target.resolve(PackLayout.MANIFEST))) {
            return target;
        }
        Path partial = null;
        try {
            Files.createDirectories(root);
            partial = Files.createTempDirectory(root, ".partial-");
            extract(pack, partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(PackLayout.MANIFEST))) {
                    throw e;
                }
                // Another process extracted the same pack meanwhile: use its folder.
            }
            return target;
        } catch (IOException e) {
            throw LabException.of("cannot extract the pack " + pack.file().getFileName() + " into " + root + " ("
                    + FileTrees.reason(e) + "): make that folder writable, or set XDG_CACHE_HOME to another", e);
        } finally {
            if (partial != null && Files.exists(partial)) {
                FileTrees.delete(partial);
            }
        }
    }

    private static void extract(VerifiedPack pack, Path dir) throws IOException {
        try (ZipFile zip = PackVerifier.open(pack.file())) {
            copy(zip, PackLayout.MANIFEST, dir, null, false);
            if (zip.getEntry(PackLayout.SIGNATURE) != null) {
                copy(zip, PackLayout.SIGNATURE, dir, null, false);
            }
            for (PackManifest.PackFile file : pack.manifest().files()) {
                copy(zip, file.path(), dir, file.sha256(), file.executable());
            }
        }
    }

    /** Writes one entry into {@code dir}, read-only, checking its SHA-256 again (the file may have changed since). */
    private static void copy(ZipFile zip, String name, Path dir, String sha256, boolean executable) throws IOException {
        ZipArchiveEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw LabException.of("the pack changed while it was being extracted: run the command again");
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        MessageDigest digest = PackDigest.digest();
        try (InputStream in = zip.getInputStream(entry);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            in.transferTo(out);
        }
        if (sha256 != null && !sha256.equals(HexFormat.of().formatHex(digest.digest()))) {
            throw LabException.of("file " + name + " of the pack changed while it was being extracted: run the"
                    + " command again");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString(executable ? "r-xr-xr-x" : "r--r--r--"));
        }
    }
}
