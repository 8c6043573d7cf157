package ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/chat {"sessionId", "message"}}: answers {@code 200 {"reply", "sessionId", "model"}} with the
 * model's reply to the system prompt, the session's last 10 turns and the message; 400 for a bad body, 502 when
 * the model failed after the retries, 503 while the breaker is open (with Retry-After), 504 on a timeout, 503
 * when the conversations' store does not answer.
 */
final class ChatHandler {

    static final String SYSTEM_PROMPT = "You are Tally, the assistant of a small bookkeeping firm. You help its "
            + "clients with invoices, receipts, expenses and filing deadlines. Answer briefly and plainly; when a "
            + "question needs an accountant's judgement, say so.";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = LogManager.getLogger(ChatHandler.class);

    private final ObjectMapper json;
    private final Answers answers;
    private final SessionStore sessions;
    private final ModelGuard model;
    private final String modelName;

    ChatHandler(ObjectMapper json, Answers answers, SessionStore sessions, ModelGuard model, String modelName) {
        this.json = json;
        this.answers = answers;
        this.sessions = sessions;
        this.model = model;
        this.modelName = modelName;
    }

    void handle(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        String problem = null;
        JsonNode body = null;
        if (raw.length > MAX_BODY) {
            problem = "The request is too long: send a message of at most 4000 characters.";
        } else {
            try {
                body = json.readTree(raw);
            } catch (IOException e) {
                problem = "The request body is not valid JSON: send {\"sessionId\": \"...\", \"message\": \"...\"}.";
            }
        }
        if (problem == null) {
            problem = validate(body);
        }
        if (problem != null) {
            answers.error(exchange, 400, problem);
            return;
        }
        String sessionId = body.get("sessionId").textValue();
        String message = body.get("message").textValue();
        LOG.debug("session {} asks: {}", sessionId, message);

        List<Turn> turns;
        try {
            turns = sessions.turns(sessionId);
        } catch (RuntimeException e) {
            LOG.warn("the conversations' store did not answer: {}", e.getClass().getSimpleName());
            answers.error(exchange, 503, "Tally cannot reach its conversations right now; please try again shortly.");
            return;
        }
        ModelAnswer answer;
        try {
            answer = model.ask(SYSTEM_PROMPT, turns, message);
        } catch (ModelGuard.Open open) {
            long seconds = Math.max(1, (open.remaining.toMillis() + 999) / 1000);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            answers.error(exchange, 503, "Tally's model is unavailable at the moment; please try again in "
                    + seconds + " s.");
            return;
        } catch (ModelFailure failure) {
            LOG.warn("the model call failed: {}", failure.kind());
            if (failure.isTimeout()) {
                answers.error(exchange, 504, "The model took too long to answer; please try again.");
            } else {
                answers.error(exchange, 502, "The model could not answer; please try again later.");
            }
            return;
        }
        LOG.debug("session {} is answered: {}", sessionId, answer.text());
        try {
            sessions.append(sessionId, turns, new Turn(message, answer.text()));
        } catch (RuntimeException e) {
            LOG.warn("the turn could not be saved: {}", e.getClass().getSimpleName());
        }
        answers.json(exchange, 200, answers.object()
                .put("reply", answer.text())
                .put("sessionId", sessionId)
                .put("model", modelName));
    }

    /** What is wrong with the body, as a sentence for the user; null when it is right. */
    private static String validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "The request body must be a JSON object: {\"sessionId\": \"...\", \"message\": \"...\"}.";
        }
        JsonNode sessionId = body.get("sessionId");
        if (sessionId == null || !sessionId.isTextual() || !SESSION_ID.matcher(sessionId.textValue()).matches()) {
            return "\"sessionId\" must be a string of 1 to 64 letters, digits, '_' or '-'.";
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || message.textValue().isBlank()) {
            return "\"message\" must be a non-blank string.";
        }
        String text = message.textValue();
        if (text.codePointCount(0, text.length()) > 4000) {
            return "\"message\" must be at most 4000 characters long.";
        }
        return null;
    }
}
