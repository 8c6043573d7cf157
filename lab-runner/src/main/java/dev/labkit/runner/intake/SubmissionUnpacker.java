package dev.labkit.runner.intake;

import dev.labkit.runner.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Stand-in of helper intake's type (api14.md: folders only), replaced when branch intake is merged. */
public final class SubmissionUnpacker {
    public SubmissionUnpacker(UnpackLimits limits) {}

    public Path materialize(Submission submission, Path into) throws SubmissionRejected, IOException {
        FileTrees.copy(submission.source(), into, Set.of());
        return into;
    }
}
