package ledger;

/**
 * A model call that did not give an answer: the model server's HTTP status ({@code "503"}), {@code "timeout"}
 * (no whole answer within 10 s), or the class name of the exception that ended it (a refused, reset or closed
 * connection). {@link #kind()} is the value of the {@code error_type} label.
 */
final class ModelFailure extends RuntimeException {

    private final String kind;
    private final boolean connection;

    private ModelFailure(String kind, boolean connection, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.connection = connection;
    }

    static ModelFailure status(int status) {
        return new ModelFailure(Integer.toString(status), false, "the model server answered " + status);
    }

    static ModelFailure timeout() {
        return new ModelFailure("timeout", false, "the model server did not answer within 10 s");
    }

    static ModelFailure connection(Throwable cause) {
        return new ModelFailure(cause.getClass().getName(), true, "the connection to the model server failed");
    }

    static ModelFailure malformed(String detail) {
        return new ModelFailure("invalid_response", false, detail);
    }

    String kind() {
        return kind;
    }

    boolean isTimeout() {
        return kind.equals("timeout");
    }

    /** A 502, a 503 or a connection error: worth another attempt (the brief's Resilience). */
    boolean isRetryable() {
        return connection || kind.equals("502") || kind.equals("503");
    }
}
