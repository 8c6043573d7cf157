package ledger;

import org.apache.logging.log4j.message.MapMessage;

/**
 * The log event of one handled request: a Log4j2 {@link MapMessage} whose entries ({@code requestId},
 * {@code route}, {@code status}, {@code durationMs}, {@code method}) keep their types, so that the JSON Template
 * Layout's {@code map} resolver writes status and duration as numbers, and whose formatted message is a sentence
 * for people ({@code POST /api/chat answered 200 in 57 ms}). It never holds what the user or the model said.
 */
final class RequestLine extends MapMessage<RequestLine, Object> {

    private final String sentence;

    RequestLine(String requestId, String method, String route, int status, double durationMs) {
        this.sentence = method + " " + route + " answered " + status + " in " + Math.round(durationMs) + " ms";
        with("requestId", requestId);
        with("method", method);
        with("route", route);
        with("status", status);
        with("durationMs", durationMs);
    }

    @Override
    public String getFormattedMessage() {
        return sentence;
    }

    @Override
    public String getFormattedMessage(String[] formats) {
        return sentence;
    }

    @Override
    public void formatTo(StringBuilder buffer) {
        buffer.append(sentence);
    }

    @Override
    public void formatTo(String[] formats, StringBuilder buffer) {
        buffer.append(sentence);
    }

    @Override
    public RequestLine newInstance(java.util.Map<String, Object> map) {
        throw new UnsupportedOperationException("a request line is made whole");
    }
}
