package dev.labkit.runner.intake;

import dev.labkit.runner.FileTrees;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one filter of what a submission's content is, shared by the copy ({@link SubmissionUnpacker})
 * and the hash ({@link ContentHash}): build output and tool folders ({@link FileTrees#BUILD_OUTPUT}:
 * {@code .git/}, {@code target/}, {@code node_modules/}...) are left out, as every copy of the runner
 * leaves them out, since the build makes them again; and so is the clutter of macOS archives
 * ({@code __MACOSX/}, {@code .DS_Store}).
 */
final class SubmissionFiles {

    /** Folders left out wherever they are: rebuilt by the build, or not part of the code. */
    static final Set<String> SKIPPED_FOLDERS = Stream.concat(FileTrees.BUILD_OUTPUT.stream(), Stream.of("__MACOSX"))
            .collect(Collectors.toUnmodifiableSet());

    /** Files left out wherever they are. */
    static final Set<String> SKIPPED_FILES = Set.of(".DS_Store");

    private SubmissionFiles() {}

    /** Whether a folder of this name is left out, with all it holds. */
    static boolean skipsFolder(String name) {
        return SKIPPED_FOLDERS.contains(name);
    }

    /** Whether a file of this name is left out. */
    static boolean skipsFile(String name) {
        return SKIPPED_FILES.contains(name);
    }

    /**
     * Whether an entry at this relative path ({@code /}-separated, as in an archive) is left out: a
     * skipped folder, a skipped file, or anything inside a skipped folder.
     */
    static boolean skips(String relativePath, boolean directory) {
        String[] segments = relativePath.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (skipsFolder(segments[i])) {
                return true;
            }
        }
        String last = segments[segments.length - 1];
        return directory ? skipsFolder(last) : skipsFile(last);
    }
}
