package dev.labkit.runner.cli;

import dev.labkit.runner.LabException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the labs live: the LabKit checkout the launcher runs from ({@code -Dlabkit.home}, set by
 * {@code ./lab}), else {@code LABKIT_HOME}, else the nearest folder above the current one that has
 * a {@code labs/} folder with labs in it.
 */
final class LabHome {

    private LabHome() {}

    /** The checkout, or empty when there is none to find (a pack used outside a checkout). */
    static java.util.Optional<Path> findIfAny() {
        try {
            return java.util.Optional.of(find());
        } catch (LabException e) {
            return java.util.Optional.empty();
        }
    }

    static Path find() {
        String property = System.getProperty("labkit.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String env = System.getenv("LABKIT_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("labs")) && Files.isDirectory(dir.resolve("lab-runner"))) {
                return dir;
            }
        }
        throw LabException.of("cannot find the LabKit labs: run ./lab from a LabKit checkout or set LABKIT_HOME");
    }

    static Path labs() {
        return find().resolve("labs");
    }
}
