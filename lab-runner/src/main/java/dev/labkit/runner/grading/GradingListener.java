package dev.labkit.runner.grading;

/** Hears about a grading run as it goes, to show progress. All methods default to nothing. */
public interface GradingListener {

    GradingListener NONE = new GradingListener() {};

    /** A phase a user waits for began: {@code build}, {@code start}, {@code checks}. */
    default void phaseStarted(String phase, String description) {}

    /** Something worth showing about a running phase, e.g. a model's download progress. */
    default void progress(String phase, String detail) {}

    default void phaseFinished(String phase, boolean ok) {}

    default void checkFinished(CheckResult result, int done, int total) {}

    /** Something the runner could not do cleanly, for the user to know (a leftover temporary file, with its path). */
    default void warning(String message) {}

    /**
     * What the build and the app printed, each its last lines (bounded as the runner keeps them, see
     * {@code LogTail}): heard once, when grading has ended and the app has stopped; {@code ""} for one that did not
     * run. The result carries a tail only for a failed build or start ({@link GradeResult#appLog}); this is for
     * keeping both with every result ({@code lab grade}'s {@code build.log} and {@code app.log}).
     */
    default void outputTails(String build, String app) {}
}
