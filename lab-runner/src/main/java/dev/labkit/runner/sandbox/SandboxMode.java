package dev.labkit.runner.sandbox;

import dev.labkit.runner.LabException;
import java.util.Locale;

/** Where a learner's app runs while it is graded. */
public enum SandboxMode {
    /** A child process of the runner: fastest, for a learner's own code on their own machine. */
    PROCESS,
    /** A confined container (see {@link ContainerSandbox}): for grading code you did not write. */
    CONTAINER;

    public static SandboxMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LabException.of("--sandbox: '" + text + "' is not a sandbox: use process or container");
        }
    }
}
