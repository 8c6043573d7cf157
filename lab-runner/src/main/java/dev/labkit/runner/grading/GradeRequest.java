package dev.labkit.runner.grading;

import dev.labkit.runner.catalog.LabManifest;
import java.nio.file.Path;

/**
 * What to grade.
 *
 * @param lab the lab the submission is for
 * @param submission the submission's folder (never modified: it is built in a copy)
 */
public record GradeRequest(LabManifest lab, Path submission) {}
