/**
 * Renders a {@link dev.labkit.runner.grading.GradeResult}: console, JSON, JUnit XML, Markdown, and the results files
 * of Gradescope, GitHub Classroom and PrairieLearn ({@link dev.labkit.runner.report.ReportFormat}); HTML in
 * {@code report.html}. Reads results only.
 */
package dev.labkit.runner.report;
