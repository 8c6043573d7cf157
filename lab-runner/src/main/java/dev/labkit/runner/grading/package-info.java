/**
 * The grading engine: one submission through the pipeline (build, model, start, checks, stop)
 * into a {@link dev.labkit.runner.grading.GradeResult}. Reports read results only.
 */
package dev.labkit.runner.grading;
