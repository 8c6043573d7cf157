package dev.labkit.runner.intake;

import java.util.Set;

/**
 * The one filter of what a submission's content is, shared by the copy ({@link SubmissionUnpacker})
 * and the hash ({@link ContentHash}): build output and tool folders ({@code .git/}, {@code target/},
 * {@code node_modules/}) are left out, since the build makes them again, and so is the clutter of
 * macOS archives ({@code __MACOSX/}, {@code .DS_Store}).
 */
final class SubmissionFiles {

    /** Folders left out wherever they are: rebuilt by the build, or not part of the code. */
    static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", "__MACOSX");

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
