package dev.labkit.runner.report;

import dev.labkit.runner.grading.GradeResult;
import java.io.IOException;
import java.io.Writer;

/** Renders a grading result in one format. */
public interface ReportWriter {

    void write(GradeResult result, Writer out) throws IOException;
}
