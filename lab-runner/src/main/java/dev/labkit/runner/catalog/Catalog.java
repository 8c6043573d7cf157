package dev.labkit.runner.catalog;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The labs of one folder: every {@code <dir>/<id>/lab.yaml}, in id order. */
public final class Catalog {

    private final Path labsDir;
    private final List<LabManifest> labs;

    private Catalog(Path labsDir, List<LabManifest> labs) {
        this.labsDir = labsDir;
        this.labs = List.copyOf(labs);
    }

    /** Reads every lab below {@code labsDir}. */
    public static Catalog load(Path labsDir) {
        if (!Files.isDirectory(labsDir)) {
            throw LabException.of("no labs folder at " + labsDir
                    + ": run the lab command from a LabKit checkout or set LABKIT_HOME");
        }
        List<LabManifest> labs = new ArrayList<>();
        try (Stream<Path> children = Files.list(labsDir)) {
            for (Path manifest : children.map(dir -> dir.resolve("lab.yaml")).filter(Files::isRegularFile).toList()) {
                labs.add(ManifestReader.read(manifest));
            }
        } catch (IOException e) {
            throw LabException.of("cannot read the labs folder " + labsDir + ": " + e.getMessage(), e);
        }
        labs.sort(Comparator.comparing(LabManifest::id));
        return new Catalog(labsDir, labs);
    }

    /**
     * The lab of one folder, wherever it is (in no catalog): its {@code lab.yaml} read and checked as
     * {@link #load} does; a one-line error when the folder has none.
     */
    public static LabManifest readLab(Path dir) {
        Path manifest = dir.resolve("lab.yaml");
        if (!Files.isRegularFile(manifest)) {
            throw LabException.of(dir + " has no lab.yaml: pass a lab's folder, or a lab id (see `lab list`)");
        }
        return ManifestReader.read(manifest);
    }

    /**
     * These labs as a learner pack holds them ({@link LabManifest#asLearnerEdition()}): their hidden
     * checks are withheld when they grade.
     */
    public Catalog asLearnerEdition() {
        return new Catalog(labsDir, labs.stream().map(LabManifest::asLearnerEdition).toList());
    }

    public List<LabManifest> labs() {
        return labs;
    }

    public Path labsDir() {
        return labsDir;
    }

    /** The lab with this id, or a one-line error naming the known ones. */
    public LabManifest require(String id) {
        return find(id).orElseThrow(() -> LabException.unknownLab(id, ids()));
    }

    public Optional<LabManifest> find(String id) {
        return labs.stream().filter(lab -> lab.id().equals(id)).findFirst();
    }

    /**
     * The lab a folder belongs to when it lies inside a lab's own folder (its solution, its
     * scaffold, or a variant of either).
     */
    public Optional<LabManifest> enclosing(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        return labs.stream().filter(lab -> absolute.startsWith(lab.dir().toAbsolutePath().normalize())).findFirst();
    }

    /**
     * The lab folder {@code dir} lies in, wherever it is: the nearest folder at or above it that
     * holds a {@code lab.yaml} (a lab's solution, scaffold, or a lab written outside the labs folder).
     */
    public static Optional<LabManifest> labFolderAbove(Path dir) {
        for (Path folder = dir.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("lab.yaml"))) {
                return Optional.of(ManifestReader.read(folder.resolve("lab.yaml")));
            }
        }
        return Optional.empty();
    }

    private List<String> ids() {
        return labs.stream().map(LabManifest::id).toList();
    }
}
