package dev.labkit.runner.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folders of a {@code PATH} variable, in order, and the programs a shell would find there.
 *
 * @param folders the absolute folders of the variable (empty and relative entries left out)
 */
record SearchPath(List<Path> folders) {

    SearchPath {
        folders = List.copyOf(folders);
    }

    /** The {@code PATH} of {@code environment} (none when it is unset). */
    static SearchPath of(Map<String, String> environment) {
        String value = environment.get("PATH");
        List<Path> folders = new ArrayList<>();
        for (String entry : value == null ? new String[0] : value.split(File.pathSeparator)) {
            try {
                Path folder = Path.of(entry);
                if (folder.isAbsolute()) {
                    folders.add(folder.normalize());
                }
            } catch (InvalidPathException e) {
                // not a folder name: a shell finds nothing there either
            }
        }
        return new SearchPath(folders);
    }

    /** Whether {@code folder} is on the path (as written, or as the same real folder). */
    boolean contains(Path folder) {
        return folders.stream().anyMatch(f -> sameFolder(f, folder));
    }

    /** The program a shell runs for {@code name}: the first executable file of that name on the path. */
    Optional<Path> find(String name) {
        return folders.stream().map(f -> f.resolve(name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Whether {@code a} and {@code b} are the same file once links are followed. */
    static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.equals(b.toAbsolutePath().normalize()) || sameFile(a, b);
    }
}
