package dev.labkit.runner.intake;

/** Stand-in of helper intake's type (api14.md), replaced when branch intake is merged. */
public final class SubmissionRejected extends Exception {
    private final String reason;

    public SubmissionRejected(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
