package dev.labkit.runner.pack;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a pack holds of each lab. {@link #FULL}: the whole lab folder (reference solution, broken
 * variants, hidden data, the checks' sources) and the compiled suite. {@link #LEARNER}: what a learner
 * may see (manifest, brief, scaffold, fixtures, the compiled suite); the hidden checks stay in the
 * suite, so their points stay in the total, but what they use ({@code hidden/}) is left out.
 */
public enum PackEdition {
    FULL,
    LEARNER;

    /** The edition's name in {@code labpack.json}: {@code full} or {@code learner}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The edition named {@code id} ({@code full} or {@code learner}); a one-line error for any other. */
    public static PackEdition of(String id) {
        return Arrays.stream(values()).filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> LabException.of("unknown pack edition '" + id + "': expected full or learner"));
    }

    /**
     * The edition a lab folder comes from: for a lab extracted from a pack ({@code ROOT/labs/ID}, with
     * the pack's {@code ROOT/labpack.json}, see {@link PackCache}) the pack's edition; for any other lab
     * folder (a LabKit checkout, a lab being written) {@link #FULL}.
     *
     * @param labDir the lab's folder ({@code LabManifest.dir()})
     * @throws LabException when the pack's manifest beside it cannot be read
     */
    public static PackEdition ofLab(Path labDir) {
        Path labs = labDir.toAbsolutePath().normalize().getParent();
        return labs == null ? FULL : ofLabs(labs);
    }

    /**
     * The edition of a labs folder: that of the pack it was extracted from ({@code ROOT/labs} beside
     * {@code ROOT/labpack.json}), else {@link #FULL}.
     *
     * @throws LabException when the pack's manifest beside it cannot be read
     */
    public static PackEdition ofLabs(Path labsDir) {
        Path labs = labsDir.toAbsolutePath().normalize();
        Path root = labs.getParent();
        if (root == null || labs.getFileName() == null || !labs.getFileName().toString().equals(PackLayout.LABS)) {
            return FULL;
        }
        Path manifest = root.resolve(PackLayout.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return FULL;
        }
        try {
            return PackManifest.parse(Files.readAllBytes(manifest), manifest.toString()).edition();
        } catch (IOException e) {
            throw LabException.of("cannot read " + manifest + " (" + e.getMessage() + "): extract the pack again by"
                    + " deleting " + root, e);
        }
    }
}
