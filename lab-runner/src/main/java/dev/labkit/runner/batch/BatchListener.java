package dev.labkit.runner.batch;

import java.time.Duration;

/** Hears about a class's grading as it goes, to show progress. Called from the grading threads; all default to nothing. */
public interface BatchListener {

    BatchListener NONE = new BatchListener() {};

    /** Grading begins: {@code total} submissions to grade, {@code kept} more kept from a resumed run. */
    default void planned(int total, int kept, int jobs) {}

    /** A grading of {@code student} began ({@code attempt} 1, or 2 for the retry after a fault of the machine). */
    default void started(String student, int attempt) {}

    /** The grading of {@code student} failed for a reason of the machine ({@code reason}, one line): it is retried once. */
    default void retrying(String student, String reason) {}

    /** A phase of a running grading began: {@code build}, {@code start}, {@code checks}. */
    default void phase(String student, String phase) {}

    /** A student's row was written ({@code took}: the time spent grading it). */
    default void finished(Row row, Duration took) {}
}
