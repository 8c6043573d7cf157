package dev.labkit.runner.batch;

import dev.labkit.runner.report.ReportWriter;

/**
 * One more report file in each submission's folder.
 *
 * @param fileName its name inside {@code submissions/<student>/}, e.g. {@code report.html}
 * @param writer what writes it
 */
public record SubmissionReport(String fileName, ReportWriter writer) {}
