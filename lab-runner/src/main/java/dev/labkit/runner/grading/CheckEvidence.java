package dev.labkit.runner.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one check saw, as its suite published it ({@code LabExtension.EVIDENCE_KEY}): each answer
 * of the app and each request the app sent to the model. The {@link Diagnoser} reads it.
 *
 * @param app the check's requests to the app, in order
 * @param model the app's requests to the lab model during the check, in order
 */
record CheckEvidence(List<AppCall> app, List<ModelCall> model) {

    static final CheckEvidence NONE = new CheckEvidence(List.of(), List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param request e.g. {@code POST /api/chat}
     * @param status the HTTP status, or 0 when the app did not answer
     * @param contentType the answer's {@code Content-Type}, or {@code ""}
     * @param json {@code yes} or {@code no} when the body was read whole and is not blank, else {@code n/a}
     * @param body the body's first characters
     * @param failure how an unanswered request failed (connection refused, no answer in time), else {@code ""}
     * @param brokenRule for an event stream, the SSE rule it broke (e.g. each event ends with a blank
     *     line), else {@code ""}
     */
    record AppCall(String request, int status, String contentType, String json, String body, String failure,
            String brokenRule) {

        AppCall(String request, int status, String contentType, String json, String body, String failure) {
            this(request, status, contentType, json, body, failure, "");
        }

        boolean refused() {
            return failure.startsWith("connection refused");
        }

        /**
         * {@code POST /api/chat} from {@code POST /api/chat?x=1}, and {@code POST /api/ask} from a form's request
         * described with its parts ({@code POST /api/ask (sessionId="s-1", audio=a.wav (audio/wav, 9 bytes))}) or a
         * page's way ({@code GET / -> /static/index.html}); a path segment with a digit is an id: {@code {id}}.
         */
        String endpoint() {
            int space = request.indexOf(' ');
            String method = space < 0 ? "" : request.substring(0, space + 1);
            String path = request.substring(space + 1).split("\\s", 2)[0].replaceFirst("[?#].*$", "");
            return method + path.replaceAll("/[^/]*[0-9][^/]*", "/{id}");
        }
    }

    /**
     * @param endpoint the model API path, e.g. {@code /api/chat}
     * @param model the model asked for
     * @param status the lab model's answer, 0 when it sent none
     * @param rule what answered: a script rule, {@code default}, or a refusal such as {@code no such model}
     */
    record ModelCall(String endpoint, String model, int status, String rule) {

        /** Refused because the server has no model of that name, or none was named. */
        boolean unknownModel() {
            return rule.equals("no such model") || rule.equals("no model named");
        }
    }

    /** Reads the published JSON; evidence that cannot be read is none (it only ever adds a diagnosis). */
    static CheckEvidence parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<AppCall> app = new ArrayList<>();
            for (JsonNode call : root.path("app")) {
                app.add(new AppCall(call.path("request").asText(), call.path("status").asInt(),
                        call.path("contentType").asText(), call.path("json").asText("n/a"),
                        call.path("body").asText(), call.path("failure").asText(),
                        call.path("brokenRule").asText()));
            }
            List<ModelCall> model = new ArrayList<>();
            for (JsonNode call : root.path("model")) {
                model.add(new ModelCall(call.path("endpoint").asText(), call.path("model").asText(),
                        call.path("status").asInt(), call.path("rule").asText()));
            }
            return new CheckEvidence(List.copyOf(app), List.copyOf(model));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }
}
