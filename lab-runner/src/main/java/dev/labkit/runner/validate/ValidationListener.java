package dev.labkit.runner.validate;

/** Hears about a validation as it goes, to show progress; called from several threads. All default to nothing. */
public interface ValidationListener {

    ValidationListener NONE = new ValidationListener() {};

    /** Something worth showing while a lab is being prepared, e.g. its checks being built. */
    default void preparing(String lab, String detail) {}

    /** The static checks are done and {@code total} gradings are about to start, {@code jobs} at a time. */
    default void gradingsPlanned(int total, int jobs) {}

    /** A grading began. */
    default void gradingStarted(String lab, Subject subject) {}

    /** A grading ended; {@code done} of {@code total} have. */
    default void gradingFinished(GradingOutcome outcome, int done, int total) {}
}
