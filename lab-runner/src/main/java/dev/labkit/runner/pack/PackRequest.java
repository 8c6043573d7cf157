package dev.labkit.runner.pack;

import dev.labkit.runner.catalog.LabManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lab pack} is asked to build.
 *
 * @param labs the labs, at least one, each from its source folder
 * @param out the pack file to write (replaced if it exists)
 * @param edition full or learner
 * @param name the pack's name
 * @param version the pack's version
 * @param runnerRange the runner versions it needs (a Maven version range), or empty for {@link
 *     Compatibility#defaultRange the default}
 * @param signKey a PKCS#8 PEM Ed25519 private key to sign the manifest with, or empty for an unsigned pack
 */
public record PackRequest(List<LabManifest> labs, Path out, PackEdition edition, String name, String version,
        Optional<String> runnerRange, Optional<Path> signKey) {

    public PackRequest {
        labs = List.copyOf(labs);
    }
}
