package dev.labkit.runner.report;

import dev.labkit.runner.LabException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report formats of {@code --format} (docs/results.md), each with the file it is written to inside
 * {@code --out}: its platform's usual name where the platform reads a fixed path (Gradescope reads
 * {@code /autograder/results/results.json}, PrairieLearn {@code /grade/results/results.json}, so
 * {@code --out /autograder/results} and {@code --out /grade} put them where their platform looks).
 */
public enum ReportFormat {
    /** The public JSON result (docs/results.md, docs/result.schema.json). */
    JSON("json", "result.json"),
    /** JUnit XML for CI dashboards: one testcase per check, the points in properties. */
    JUNIT("junit", "junit.xml"),
    /** A Markdown summary for CI job pages ({@code $GITHUB_STEP_SUMMARY}). */
    MD("md", "report.md"),
    /** One self-contained offline HTML page. */
    HTML("html", "report.html"),
    /** Gradescope's autograder results.json. */
    GRADESCOPE("gradescope", "results.json"),
    /** The result GitHub Classroom's autograding reporter reads from a grading step. */
    CLASSROOM("classroom", "classroom.json"),
    /** PrairieLearn's external grader results: {@code results/results.json}, so that {@code --out /grade} fits. */
    PRAIRIELEARN("prairielearn", "results/results.json");

    private final String id;
    private final String fileName;

    ReportFormat(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    /** Its name in {@code --format}: {@code json}, {@code junit}, {@code md}, {@code html}, ... */
    public String id() {
        return id;
    }

    /** Its file's path inside {@code --out} ('/'-separated; no two formats share one). */
    public String fileName() {
        return fileName;
    }

    /**
     * Its writer for {@code visibility}. Gradescope always gets the instructor view: its hidden checks are
     * marked {@code after_due_date}, which Gradescope itself keeps from students until the due date
     * (docs/results.md says why); the other formats show what {@code visibility} may see.
     */
    public ReportWriter writer(Visibility visibility) {
        return switch (this) {
            case JSON -> new JsonReport(visibility);
            case JUNIT -> new JunitXmlReport(visibility);
            case MD -> new MarkdownReport(visibility);
            case HTML -> new dev.labkit.runner.report.html.HtmlReport(visibility);
            case GRADESCOPE -> new GradescopeReport();
            case CLASSROOM -> new ClassroomReport(visibility);
            case PRAIRIELEARN -> new PrairieLearnReport(visibility);
        };
    }

    /**
     * {@code "json,md,html"} -> those formats, in that order (spaces around ids allowed, a format named twice
     * kept once).
     *
     * @throws LabException for an empty list or an unknown id, listing the known ones
     */
    public static List<ReportFormat> parseList(String list) {
        List<ReportFormat> formats = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String wanted = part.strip().toLowerCase(Locale.ROOT);
            ReportFormat format = Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst()
                    .orElseThrow(() -> LabException.of("--format " + list + ": unknown format \""
                            + part.strip() + "\"; use a comma-separated list of " + known()));
            if (!formats.contains(format)) {
                formats.add(format);
            }
        }
        return List.copyOf(formats);
    }

    private static String known() {
        return Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", "));
    }
}
