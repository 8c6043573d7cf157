package dev.labkit.checks.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a check's {@link AppClient} saw of the app: one line per request, its status and the shape
 * of the answer. Together with the check's {@link ModelTraffic} it is the check's evidence, which
 * {@link LabExtension} publishes so that the runner can find one cause behind many failed checks
 * (an endpoint that answers 501 everywhere, answers that are never JSON, an app that stopped).
 * Thread-safe; bounded.
 */
final class AppTraffic {

    /** Calls kept per check: far more than a check makes; the concurrency checks stay well below. */
    static final int CAPACITY = 500;
    /** Characters of an answer's body kept, enough to show what it was. */
    static final int BODY_START = 120;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> calls = new ArrayList<>();

    /** An answer the app gave, its body read whole. */
    synchronized void answered(String request, int status, Optional<String> contentType, String body) {
        add(request, status).ifPresent(call -> {
            call.put("contentType", contentType.orElse(""));
            call.put("json", body.isBlank() ? "n/a" : JsonText.is(body) ? "yes" : "no");
            call.put("body", start(body));
        });
    }

    /**
     * An event stream the app sent: {@code brokenRule} is the SSE rule it broke, if it broke one
     * ({@link SseResponse#brokenRule}), and {@code received} its first bytes.
     */
    synchronized void streamed(String request, int status, Optional<String> contentType, Optional<String> brokenRule,
            String received) {
        add(request, status).ifPresent(call -> {
            call.put("contentType", contentType.orElse(""));
            call.put("json", "n/a");
            call.put("body", start(received));
            call.put("brokenRule", brokenRule.orElse(""));
        });
    }

    /** A request the app did not answer: {@code failure} says how (refused, timed out, broke). */
    synchronized void unanswered(String request, String failure) {
        add(request, 0).ifPresent(call -> call.put("failure", failure));
    }

    /** A new call with its request and status, unless the check made more than {@value #CAPACITY} already. */
    private Optional<ObjectNode> add(String request, int status) {
        if (calls.size() >= CAPACITY) {
            return Optional.empty();
        }
        ObjectNode call = JSON.createObjectNode();
        call.put("request", request);
        call.put("status", status);
        calls.add(call);
        return Optional.of(call);
    }

    private static String start(String text) {
        return text.length() <= BODY_START ? text : text.substring(0, BODY_START);
    }

    /**
     * The evidence as JSON: {@code {"app": [{"request", "status", "contentType", "json" (yes|no|n/a),
     * "body" (its first 120 characters), "failure" (unanswered calls only), "brokenRule" (event streams
     * only: the SSE rule broken, or empty)}], "model": [{"endpoint",
     * "model", "status" (0: no answer), "rule"}]}}, calls in order.
     */
    synchronized String toJson(ModelTraffic model) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode app = root.putArray("app");
        calls.forEach(app::add);
        ArrayNode requests = root.putArray("model");
        List<ModelExchange> exchanges = model.exchanges();
        for (ModelRequest request : model.requests()) {
            ObjectNode node = requests.addObject();
            node.put("endpoint", request.endpoint());
            node.put("model", request.model());
            Optional<ModelExchange> answer = exchanges.stream().filter(e -> e.request() == request).findFirst();
            node.put("status", answer.map(ModelExchange::status).orElse(0));
            node.put("rule", answer.map(ModelExchange::rule).orElse("unanswered"));
        }
        return root.toString();
    }
}
