package dev.labkit.runner.catalog;

import java.nio.file.Path;
import java.util.Map;

/**
 * A lab as described by its {@code lab.yaml}.
 *
 * @param id the lab's id, also its folder name, e.g. {@code 01-chatbot}
 * @param title one line
 * @param stage the roadmap stage (1-5)
 * @param summary a few sentences for {@code lab info}
 * @param suite the fully qualified name of the checker suite class
 * @param models model names by role ({@code chat}, {@code embedding}, {@code vision})
 * @param env lab-specific environment variables given to the app
 * @param limits time limits for grading
 * @param dir the lab's folder
 */
public record LabManifest(
        String id,
        String title,
        int stage,
        String summary,
        String suite,
        Map<String, String> models,
        Map<String, String> env,
        Limits limits,
        Path dir) {

    public LabManifest {
        models = Map.copyOf(models);
        env = Map.copyOf(env);
    }

    public Path brief() {
        return dir.resolve("README.md");
    }

    public Path scaffold() {
        return dir.resolve("scaffold");
    }

    public Path solution() {
        return dir.resolve("solution");
    }

    public Path fixtures() {
        return dir.resolve("fixtures");
    }
}
