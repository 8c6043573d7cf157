package dev.labkit.runner.validate;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * What to validate.
 *
 * @param labs the labs, in the order given (at least one)
 * @param jobs how many gradings run at once (at least 1)
 * @param out the folder that receives each grading's JSON result ({@code <out>/<lab>/<subject>.json}),
 *     made when missing
 */
public record ValidationRequest(List<LabManifest> labs, int jobs, Path out) {

    public ValidationRequest {
        labs = List.copyOf(labs);
        if (labs.isEmpty()) {
            throw LabException.of("name at least one lab to validate: a lab id (see `lab list`) or a lab's folder");
        }
        if (jobs < 1) {
            throw LabException.of("--jobs " + jobs + ": run at least 1 grading at a time");
        }
    }

    /** One grading at a time per core, at least 1. */
    public static int defaultJobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
