package dev.labkit.runner.grading;

import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.modelserver.LabModelHub;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.ServiceChoice;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to grade.
 *
 * @param lab the lab the submission is for
 * @param submission the submission's folder (never modified: it is built in a copy)
 * @param models where live checks get a real model
 * @param sandbox where the app runs
 * @param services which provider serves the lab's services ({@code services:} in lab.yaml); {@code auto} tries
 *     a URL the user gave, a container, a local process and an embedded server, in that order
 * @param evidenceDir where the screenshots of failed browser checks are kept (made when there are some); empty: a
 *     new folder under the system temp folder ({@code labkit-screenshots-*})
 * @param modelHub the lab model hub to take a seat in (a batch's, shared with the batch's other gradings; the
 *     caller closes it), or empty: the grading opens a hub of its own and closes it at its end ({@code lab check})
 */
public record GradeRequest(LabManifest lab, Path submission, ModelProvider models, SandboxMode sandbox,
        ServiceChoice services, Optional<Path> evidenceDir, Optional<LabModelHub> modelHub) {

    public GradeRequest {
        Objects.requireNonNull(evidenceDir, "evidenceDir");
        Objects.requireNonNull(modelHub, "modelHub");
    }

    /** With the screenshots of failed browser checks kept under the system temp folder, and a hub of its own. */
    public GradeRequest(LabManifest lab, Path submission, ModelProvider models, SandboxMode sandbox,
            ServiceChoice services) {
        this(lab, submission, models, sandbox, services, Optional.empty(), Optional.empty());
    }

    /** The same request with the screenshots of failed browser checks kept in {@code folder}. */
    public GradeRequest withEvidenceDir(Path folder) {
        return new GradeRequest(lab, submission, models, sandbox, services, Optional.of(folder), modelHub);
    }

    /** This request, seated in {@code hub}'s lab model (which the caller closes). */
    public GradeRequest inHub(LabModelHub hub) {
        return new GradeRequest(lab, submission, models, sandbox, services, evidenceDir, Optional.of(hub));
    }

    /** With the lab's services provided as {@code auto} finds them. */
    public GradeRequest(LabManifest lab, Path submission, ModelProvider models, SandboxMode sandbox) {
        this(lab, submission, models, sandbox, ServiceChoice.AUTO);
    }

    /** With the app run as a local process. */
    public GradeRequest(LabManifest lab, Path submission, ModelProvider models) {
        this(lab, submission, models, SandboxMode.PROCESS);
    }

    /** Graded with the lab model alone (live checks skipped). */
    public GradeRequest(LabManifest lab, Path submission) {
        this(lab, submission, new ModelProvider.Embedded());
    }
}
