package dev.labkit.runner.pack;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A pack that passed {@link PackVerifier}.
 *
 * @param file the pack file
 * @param sha256 the SHA-256 of the pack file's bytes (its name in the {@link PackCache})
 * @param manifest its manifest
 * @param signed whether it carries a signature
 * @param signer the fingerprint of the public key its signature was checked against; empty when no key was given
 */
public record VerifiedPack(Path file, String sha256, PackManifest manifest, boolean signed, Optional<String> signer) {

    /**
     * One line for people: {@code bootcamp 2026.1 (learner edition): 2 labs (01-chatbot, 02-rag-assistant),
     * 57 files; signed by key 1a2b3c4d5e6f7081}.
     */
    public String summary() {
        String labs = manifest.labs().stream().map(PackManifest.Lab::id).collect(Collectors.joining(", "));
        String signature = signer.map(key -> "signed by key " + key)
                .orElse(signed ? "signed (not checked: pass --public-key to check it)" : "unsigned");
        return manifest.name() + " " + manifest.version() + " (" + manifest.edition().id() + " edition): "
                + manifest.labs().size() + (manifest.labs().size() == 1 ? " lab (" : " labs (") + labs + "), "
                + manifest.files().size() + " files, needs lab runner " + manifest.runner() + "; " + signature;
    }
}
