package dev.labkit.runner.catalog;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A learner's project folder, made by {@code lab init}: the lab's scaffold, its brief (with the docs
 * it links to, see {@link BriefCopy}), and a {@value #MARKER} file naming the lab so that {@code lab
 * check} knows what to grade, from the folder or any folder below it.
 */
public final class LabProject {

    public static final String MARKER = ".labkit";
    /** The project's folder of LabKit docs that its brief links to. */
    public static final String DOCS = "docs";

    private LabProject() {}

    /** Creates {@code dir} from the lab's scaffold and brief. Refuses a folder that is not empty. */
    public static void init(LabManifest lab, Path dir) {
        if (Files.exists(dir) && !FileTrees.isEmptyDirectory(dir)) {
            throw LabException.of(dir + " already exists and is not empty: choose a new folder, e.g. `lab init "
                    + lab.id() + " my-" + lab.id() + "`");
        }
        if (!Files.isDirectory(lab.scaffold())) {
            throw LabException.of("lab " + lab.id() + " has no scaffold/ folder to start from");
        }
        try {
            Files.createDirectories(dir);
            FileTrees.copy(lab.scaffold(), dir, FileTrees.BUILD_OUTPUT);
            if (Files.isRegularFile(lab.brief())) {
                BriefCopy.copy(lab, dir);
            }
            Files.writeString(dir.resolve(MARKER), "lab: " + lab.id() + "\n");
        } catch (IOException e) {
            throw LabException.of("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The project {@code dir} lies in: the nearest folder at or above it (made absolute) that holds a
     * {@value #MARKER} file, or empty when there is none.
     */
    public static Optional<Path> enclosing(Path dir) {
        for (Path folder = dir.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(MARKER))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /** The lab id written in {@code dir/.labkit}, if any. */
    public static Optional<String> markedLab(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(marker)) {
            return lines.map(String::strip)
                    .filter(line -> line.startsWith("lab:"))
                    .map(line -> line.substring("lab:".length()).strip())
                    .filter(id -> !id.isEmpty())
                    .findFirst();
        } catch (IOException e) {
            throw LabException.of("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }
}
