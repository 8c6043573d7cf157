package dev.labkit.runner.intake;

/**
 * Why a submission cannot be graded (a zip bomb, a path escaping its folder, a link out, a corrupt
 * archive): one line, written in its row of the gradebook with status {@code rejected}.
 */
public final class SubmissionRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public SubmissionRejected(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** The one-line reason, e.g. {@code "entry 'big.bin' is larger than 52428800 bytes once inflated"}. */
    public String reason() {
        return reason;
    }
}
