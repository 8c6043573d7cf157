package dev.labkit.runner.batch;

import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.intake.Submission;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ClassGrader} grades.
 *
 * @param lab the lab
 * @param submissions the class (already limited to a shard), sorted by student
 * @param out the output folder (created)
 * @param jobs how many gradings run at once (>= 1)
 * @param resume keep the rows of submissions graded before with the same content hash (not error rows)
 * @param sandbox where each submission is built and run
 * @param models where live checks get a real model
 * @param services where the lab's services come from
 * @param reports what else to write into each submission's folder, besides result.json
 */
public record BatchRequest(LabManifest lab, List<Submission> submissions, Path out, int jobs, boolean resume,
        SandboxMode sandbox, ModelProvider models, ServiceChoice services, List<SubmissionReport> reports) {

    public BatchRequest {
        submissions = List.copyOf(submissions);
        reports = List.copyOf(reports);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1: " + jobs);
        }
    }
}
