package dev.labkit.runner.grading;

import java.util.stream.Collectors;

/**
 * What a test that graded an app shows when it fails: which app, how the run ended, every check
 * that did not pass with its message and model transcript, and the build or app log. A grading
 * test's failure must be diagnosable from its report alone, without running it again.
 */
public final class GradingDiagnosis {

    private GradingDiagnosis() {}

    /** {@code subject} names the app graded (a lab, a variant, an alternative solution). */
    public static String of(String subject, GradeResult result) {
        StringBuilder out = new StringBuilder()
                .append(subject).append(": ").append(result.status()).append(", ")
                .append(result.score()).append('/').append(result.maxScore());
        if (!result.reason().isEmpty()) {
            out.append("\nreason: ").append(result.reason());
        }
        result.diagnosis().forEach(cause -> out.append("\ndiagnosis ").append(cause.id()).append(": ")
                .append(cause.message()).append(" explains ").append(cause.checks()));
        out.append(result.checks().stream()
                .filter(c -> c.status() != CheckStatus.PASSED && c.status() != CheckStatus.SKIPPED)
                .map(c -> "\n- " + c.id() + " (" + c.status() + "): " + c.message()
                        + (c.transcript().isEmpty() ? "" : "\n" + c.transcript())
                        + (c.appLog().isEmpty() ? "" : "\nthe app printed meanwhile:\n" + c.appLog()))
                .collect(Collectors.joining()));
        if (!result.appLog().isEmpty()) {
            String which = result.status() == GradeStatus.BUILD_FAILED ? "build log" : "app log";
            out.append("\n--- ").append(which).append(" ---\n").append(result.appLog()).append("--- end of ")
                    .append(which).append(" ---");
        }
        return out.toString();
    }
}
