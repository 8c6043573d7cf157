package dev.labkit.runner.intake;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Stand-in of helper intake's type (api14.md: folders only), replaced when branch intake is merged. */
public final class SubmissionIntake {
    private SubmissionIntake() {}

    public static List<Submission> discover(Path submissions) {
        try (Stream<Path> entries = Files.list(submissions)) {
            List<Submission> found = entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isDirectory)
                    .map(p -> new Submission(p.getFileName().toString(), p))
                    .sorted(Comparator.comparing(Submission::student)).toList();
            if (found.isEmpty()) {
                throw LabException.of("no submissions in " + submissions + ": give a folder of submission folders");
            }
            return found;
        } catch (IOException e) {
            throw LabException.of("cannot read the submissions " + submissions + ": give a folder of submissions", e);
        }
    }
}
