package dev.labkit.runner.grading;

import java.nio.file.Path;
import java.util.List;

/**
 * What a failed browser check saw ({@code Tier.BROWSER}): a PNG screenshot of each page it opened, kept in a folder
 * that outlives the grading ({@link GradeRequest#evidenceDir()}), and the pages' console errors (Chromium's browser
 * log at level SEVERE, each page's introduced by a {@code page N:} line). Empty for every other check.
 *
 * @param screenshots the PNG files, absolute paths, in the order the check opened the pages
 * @param consoleErrors the console's error lines
 */
public record BrowserEvidence(List<Path> screenshots, List<String> consoleErrors) {

    public static final BrowserEvidence NONE = new BrowserEvidence(List.of(), List.of());

    public BrowserEvidence {
        screenshots = List.copyOf(screenshots);
        consoleErrors = List.copyOf(consoleErrors);
    }

    public boolean isEmpty() {
        return screenshots.isEmpty() && consoleErrors.isEmpty();
    }
}
