/** Renders a {@link dev.labkit.runner.grading.GradeResult}: console, JSON, JUnit XML. Reads results only. */
package dev.labkit.runner.report;
