package dev.labkit.checks.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Browser;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.CheckModels;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelDeadline;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.PageRequests;
import dev.labkit.checks.sdk.Received;
import dev.labkit.checks.sdk.Reply;
import dev.labkit.checks.sdk.SseEvent;
import dev.labkit.checks.sdk.SseResponse;
import dev.labkit.checks.sdk.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Lab 01, Sprout the gardening chatbot: the checks of the public contract in the lab's brief.
 * Every check uses its own session ids, so checks do not see each other's conversations.
 */
@LabChecks
public class ChatbotChecks {

    /** The most earlier messages a model request may carry. */
    static final int WINDOW = 20;


    private static String history(ModelRequest request) {
        return request.history().stream().map(m -> "  " + m.role() + ": " + m.content())
                .collect(Collectors.joining("\n", "\n", ""));
    }

    private static ModelRequest lastChat(ModelTraffic traffic, String situation) {
        return traffic.lastChatRequest().orElseThrow(() -> Expect.fail(situation
                + ": the app sent no chat request to the model at OLLAMA_BASE_URL"));
    }

    @Check(id = "health", title = "GET /health answers 200 {\"status\":\"ok\"}", points = 5,
            hint = "Answer GET /health with status 200 and the JSON body {\"status\":\"ok\"}, served as "
                    + "application/json.")
    void health(AppClient app) {
        Expect.healthy(app);
        Expect.jsonMediaType(app.get("/health"));
    }

    /** The error every failure gets ({@link Expect#jsonError}), served as JSON. */
    private static void expectJsonError(AppResponse response, int status, String situation) {
        Expect.jsonError(response, status, situation);
        Expect.jsonMediaType(response);
    }

    @Check(id = "chat.reply", title = "POST /api/chat answers with the model's reply, verbatim", points = 10,
            hint = "Send the user's message to the model and return its answer unchanged in \"reply\": do not trim "
                    + "it or change its line breaks; answer with Content-Type application/json.")
    void reply(AppClient app, ModelScript model, ModelTraffic traffic) {
        // Real models start answers with spaces and new lines: they are part of the answer.
        String scripted = "\n Tomatoes want 6-8 hours of sun ☀️.\nWater them deeply at the roots — twice a week.  \n";
        model.when(Match.lastUserMessageContains("tomato")).reply(scripted);

        AppResponse response = new ChatClient(app).send("reply-1", "How much sun do my tomato plants need?");
        String reply = ChatClient.replyOf(response, "reply-1");

        ModelRequest request = lastChat(traffic, "POST /api/chat");
        Expect.that(request.lastUserMessage().equals("How much sun do my tomato plants need?"), () ->
                "the model request should end with the user's message as it was typed, but its last user message is \""
                        + request.lastUserMessage() + "\"");
        Expect.that(reply.equals(scripted), () -> "\"reply\" should be the model's answer exactly as the model wrote "
                + "it, spaces and line breaks at its start and end included.\n  model answered: "
                + Received.escape(scripted) + "\n  app replied:   " + Received.escape(reply));
        Expect.jsonMediaType(response);
    }

    @Check(id = "chat.model-name", title = "Asks for the model named by LAB_CHAT_MODEL", points = 5,
            hint = "Read the model name from the LAB_CHAT_MODEL environment variable; never hard-code it.")
    void modelName(AppClient app, ModelScript model, ModelTraffic traffic, LabEnvironment environment,
            AppControl control) throws Exception {
        String expected = environment.models().get("chat");

        new ChatClient(app).send("model-name-1", "Which herbs grow well on a windowsill?");

        ModelRequest request = lastChat(traffic, "POST /api/chat");
        Expect.that(expected.equals(request.model()), () -> "the app asked for the model \"" + request.model()
                + "\", but LAB_CHAT_MODEL is \"" + expected + "\"");

        // A name hard-coded to the lab's model passes the above: a start under another name tells.
        control.restart(Map.of("LAB_CHAT_MODEL", CheckModels.CHAT));
        try {
            model.onChat().reply("Basil, chives and parsley.");
            new ChatClient(app).send("model-name-2", "Which herbs grow well on a windowsill?");
            ModelRequest renamed = lastChat(traffic, "POST /api/chat after a restart with another LAB_CHAT_MODEL");
            Expect.that(CheckModels.CHAT.equals(renamed.model()), () -> "restarted with "
                    + "LAB_CHAT_MODEL=" + CheckModels.CHAT + ", the app still asked for \"" + renamed.model()
                    + "\": the name seems hard-coded");
        } finally {
            control.restart();
        }
    }

    @Check(id = "chat.system-prompt", title = "Every model request starts with a system message introducing Sprout",
            points = 10, hint = "Start each model request with a system message that introduces Sprout, e.g. "
                    + "with langchain4j's @SystemMessage.")
    void systemPrompt(AppClient app, ModelTraffic traffic) {
        ChatClient chat = new ChatClient(app);
        chat.chat("system-1", "Hello!");
        chat.chat("system-1", "What should I plant in March?");

        for (ModelRequest request : traffic.chatRequests()) {
            List<Message> messages = request.messages();
            Expect.that(!messages.isEmpty() && messages.get(0).isSystem(), () -> "model request #" + request.number()
                    + " should start with a system message, but it starts with "
                    + (messages.isEmpty() ? "nothing" : messages.get(0).role() + ": \"" + messages.get(0).content() + "\""));
            Expect.that(messages.stream().filter(Message::isSystem).count() == 1, () -> "model request #"
                    + request.number() + " should carry exactly one system message, it has "
                    + messages.stream().filter(Message::isSystem).count());
            Expect.that(request.systemPrompt().contains("Sprout"), () -> "the system message should introduce "
                    + "Sprout by name, but it is: \"" + request.systemPrompt() + "\"");
        }
    }

    @Check(id = "chat.memory", title = "The model sees the session's earlier messages, in order", points = 10,
            hint = "Keep each session's messages (the user's and the model's) and send them before the new "
                    + "message (e.g. with langchain4j's ChatMemoryProvider).")
    void memory(AppClient app, ModelScript model, ModelTraffic traffic) {
        model.when(Match.lastUserMessageContains("Robin")).reply("Nice to meet you, Robin!");
        model.when(Match.lastUserMessageContains("chillies")).reply("Chillies love heat and sun.");
        ChatClient chat = new ChatClient(app);

        chat.chat("memory-1", "Hi, I'm Robin.");
        chat.chat("memory-1", "I grow chillies on my balcony.");
        chat.chat("memory-1", "What was my name again?");

        ModelRequest third = lastChat(traffic, "the third message");
        List<Message> expected = List.of(Message.of("user", "Hi, I'm Robin."),
                Message.of("assistant", "Nice to meet you, Robin!"),
                Message.of("user", "I grow chillies on my balcony."),
                Message.of("assistant", "Chillies love heat and sun."));
        List<Message> history = third.history();
        Expect.that(endsWith(history, expected), () -> "the third message of a session should reach the model after "
                + "the session's earlier messages, in order:" + lines(expected) + "\nbut the earlier messages were:"
                + history(third));
    }

    @Check(id = "chat.session-isolation", title = "Sessions do not see each other's messages", points = 10,
            hint = "Keep one memory per sessionId: a message of one session must never reach another.")
    void sessionIsolation(AppClient app, ModelTraffic traffic) {
        ChatClient chat = new ChatClient(app);
        chat.chat("isolation-fern", "My favourite plant is the fern.");
        chat.chat("isolation-cactus", "My favourite plant is the cactus.");

        chat.chat("isolation-fern", "Which plant do I like best?");
        ModelRequest fern = lastChat(traffic, "the second message of session isolation-fern");
        chat.chat("isolation-cactus", "Which plant do I like best?");
        ModelRequest cactus = lastChat(traffic, "the second message of session isolation-cactus");

        Expect.that(!mentions(fern, "cactus"), () -> "session isolation-fern's request carried a message of "
                + "session isolation-cactus; its earlier messages were:" + history(fern));
        Expect.that(!mentions(cactus, "fern"), () -> "session isolation-cactus's request carried a message of "
                + "session isolation-fern; its earlier messages were:" + history(cactus));
    }

    @Check(id = "chat.memory-window", title = "At most the 20 most recent earlier messages reach the model",
            points = 5, hint = "Keep a bounded window of each session's messages: the 20 most recent (e.g. "
                    + "langchain4j's MessageWindowChatMemory; check how it counts the system message), with the "
                    + "system message first.")
    void memoryWindow(AppClient app, ModelScript model, ModelTraffic traffic) {
        ChatClient chat = new ChatClient(app);
        List<Message> sent = new ArrayList<>();
        int turns = WINDOW / 2 + 3;
        for (int i = 1; i <= turns; i++) {
            String note = String.format(Locale.ROOT, "note %02d", i);
            model.when(Match.lastUserMessageContains(note + ":")).reply("noted " + note);
            String message = note + ": the seedlings in tray " + i + " were watered.";
            chat.chat("window-1", message);
            ModelRequest request = lastChat(traffic, "message " + i + " of session window-1");
            List<Message> history = request.history();
            List<Message> allEarlier = List.copyOf(sent);
            Expect.that(history.size() <= WINDOW, () -> "message " + (allEarlier.size() / 2 + 1) + " of a session "
                    + "reached the model with " + history.size() + " earlier messages; at most " + WINDOW
                    + " (the most recent) may be sent, so that a long conversation never outgrows the model's "
                    + "context");
            // Only this session's messages are judged here; other sessions' are chat.session-isolation's job.
            List<Message> own = history.stream().filter(m -> m.content().contains("note ")).toList();
            Expect.that(endsWith(allEarlier, own), () -> "the earlier messages sent to the model should be the "
                    + "most recent ones of the session, in order; got:" + history(request));
            sent.add(Message.of("user", message));
            sent.add(Message.of("assistant", "noted " + note));
        }
    }

    @Check(id = "chat.session-reset", title = "DELETE /api/sessions/{id} forgets the session", points = 5,
            hint = "On DELETE /api/sessions/{id}, clear that session's memory and answer 204.")
    void sessionReset(AppClient app, ModelTraffic traffic) {
        ChatClient chat = new ChatClient(app);
        chat.chat("reset-1", "My plant is a monstera with yellow leaves.");

        AppResponse deleted = app.delete("/api/sessions/reset-1");
        Expect.that(deleted.status() == 204, () -> "DELETE /api/sessions/reset-1 should answer 204, got " + deleted);

        chat.chat("reset-1", "What plant do I have?");
        ModelRequest after = lastChat(traffic, "the message after the reset");
        Expect.that(after.history().isEmpty(), () -> "after DELETE /api/sessions/reset-1 the session should start "
                + "afresh, but the next model request still carried earlier messages:" + history(after));
    }

    @Check(id = "chat.validation", title = "Bad requests get 400 or 413 with a JSON error, and the model is not "
            + "called", points = 5, hint = "Validate before calling the model: JSON object, sessionId of 1-64 "
                    + "[A-Za-z0-9_-], non-blank message of at most 4000 characters (longer: 413).")
    void validation(AppClient app, ModelTraffic traffic) {
        String longId = "s".repeat(65);
        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put("{not json", 400);
        cases.put("[]", 400);
        cases.put("{}", 400);
        cases.put("{\"sessionId\":\"valid-1\"}", 400);
        cases.put("{\"message\":\"Hello\"}", 400);
        cases.put("{\"sessionId\":\"valid-1\",\"message\":\"   \"}", 400);
        cases.put("{\"sessionId\":\"valid-1\",\"message\":42}", 400);
        cases.put("{\"sessionId\":\"\",\"message\":\"Hello\"}", 400);
        cases.put("{\"sessionId\":\"bad id!\",\"message\":\"Hello\"}", 400);
        cases.put("{\"sessionId\":\"" + longId + "\",\"message\":\"Hello\"}", 400);
        cases.put("{\"sessionId\":\"valid-1\",\"message\":\"" + "a".repeat(4001) + "\"}", 413);
        cases.forEach((body, status) -> {
            AppResponse response = app.postJson("/api/chat", body);
            expectJsonError(response, status, "POST /api/chat " + AppClient.shorten(body));
        });
        AppResponse stream = app.postJson("/api/chat/stream", "{\"sessionId\":\"valid-1\",\"message\":\"\"}");
        expectJsonError(stream, 400, "POST /api/chat/stream with an empty message");
        AppResponse longStream = app.postJson("/api/chat/stream", "{\"sessionId\":\"valid-1\",\"message\":\""
                + "a".repeat(4001) + "\"}");
        expectJsonError(longStream, 413, "POST /api/chat/stream with a message of 4001 characters");
        Expect.that(traffic.chatRequests().isEmpty(), () -> "invalid requests must be refused before the model is "
                + "called, but the model received " + traffic.chatRequests().size() + " request(s)");

        String longest = "b".repeat(4000);
        String id = "v".repeat(64);
        new ChatClient(app).chat(id, longest);
        Expect.that(traffic.chatRequests().size() == 1, () -> "a 4000-character message with a 64-character "
                + "sessionId is valid and should reach the model");
    }

    @Check(id = "chat.model-error", title = "Model errors become 502 with a clean JSON error; the app stays healthy",
            points = 5, hint = "Catch model failures: answer 502 {\"error\":\"...\"} in words for the user, "
                    + "never the exception or a stack trace, and keep serving.")
    void modelError(AppClient app, ModelScript model) {
        model.when(Match.lastUserMessageContains("compost")).fail(500);
        model.when(Match.lastUserMessageContains("mulch")).dropConnection();
        ChatClient chat = new ChatClient(app);
        AppClient deadline = app.withTimeout(Duration.ofSeconds(15));

        AppResponse failed = deadline.postJson("/api/chat", ChatClient.body("error-1", "How do I start compost?"));
        expectJsonError(failed, 502, "when the model answers 500");
        AppResponse dropped = deadline.postJson("/api/chat", ChatClient.body("error-2", "Is mulch good for roses?"));
        expectJsonError(dropped, 502, "when the model's connection breaks");

        Expect.that(app.get("/health").status() == 200, () -> "after a model error the app should stay healthy");
        chat.chat("error-3", "When do I sow peas?");
    }

    @Check(id = "chat.model-timeout", title = "A silent model becomes 504 within 12 s of the model request",
            points = 5, hint = "Give the model client a timeout of about 10 s and answer 504 {\"error\":\"...\"} when "
                    + "it passes.")
    void modelTimeout(AppClient app, ModelScript model, ModelTraffic traffic) {
        model.when(Match.lastUserMessageContains("orchid")).stall(ModelDeadline.STALL);

        Instant sent = Instant.now();
        AppResponse response = ModelDeadline.client(app)
                .postJson("/api/chat", ChatClient.body("timeout-1", "Why is my orchid wilting?"));

        expectJsonError(response, 504, "when the model says nothing for 10 s");
        ModelDeadline.expectGatewayTimeout(response, sent, traffic, "POST /api/chat with a silent model");
        Expect.that(app.get("/health").status() == 200, () -> "after a model timeout the app should stay healthy");
    }

    @Check(id = "chat.streaming", title = "POST /api/chat/stream relays the model's stream as server-sent events",
            points = 5, hint = "Ask the model for a stream (e.g. langchain4j's TokenStream), send each chunk as "
                    + "data: {\"delta\":...} as it arrives, then event: done with data: {\"reply\":...}, "
                    + "each event ended by a blank line (two line ends), and end the response.")
    void streaming(AppClient app, ModelScript model, ModelTraffic traffic) {
        // The first and last chunks are a line end and a word with one: the user must see them too.
        List<String> chunks = List.of("\n", "Water ", "at ", "the ", "roots, ", "not ", "the ", "leaves.\n");
        model.onChat().stream(chunks.toArray(String[]::new));

        SseResponse response = app.stream("/api/chat/stream", ChatClient.body("stream-1", "How should I water?"));

        expectEventStream(response);
        List<SseEvent> done = response.events("done");
        Expect.that(response.complete(), () -> done.isEmpty()
                ? "the event stream did not end within " + app.timeout().toSeconds() + " s; events so far: "
                        + response.events()
                : "event: done arrived after " + done.get(0).arrivedAfter().toMillis() + " ms, but the response "
                        + "was still open " + app.timeout().toSeconds() + " s after the request: end the response "
                        + "after the done event");
        ModelRequest request = lastChat(traffic, "POST /api/chat/stream");
        Expect.that(request.stream(), () -> "the app should ask the model for a stream (\"stream\": true), so "
                + "that the user sees the answer as it is written; it asked for the whole answer at once");
        Expect.that(!done.isEmpty() || response.unended().isEmpty(), () -> (response.events().isEmpty()
                ? "no event of the stream could be read (as a browser reads it)"
                : "the stream ended in the middle of an event: its last event has no blank line after it, so it "
                        + "is dropped (as browsers drop it)") + ".\n  " + response.describeReceived());
        List<String> deltas = deltas(response.events("message"));
        Expect.that(deltas.equals(chunks), () -> "each chunk from the model should become one data: {\"delta\":...} "
                + "event, in order, its text unchanged.\n  model chunks: " + escaped(chunks) + "\n  app deltas:   "
                + escaped(deltas) + (deltas.isEmpty() || response.brokenRule().isPresent()
                        ? "\n  " + response.describeReceived() : ""));
        Expect.that(done.size() == 1, () -> "the stream should end with one \"event: done\", got " + done.size()
                + (done.isEmpty() ? "\n  " + response.describeReceived() : ""));
        String whole = String.join("", chunks);
        JsonNode doneData = done.get(0).json();
        Expect.that(doneData.path("reply").isTextual() && doneData.path("reply").asText().equals(whole), () ->
                "event: done should carry the whole reply, unchanged, as a string: " + Received.escape(whole)
                        + "\n  got: " + Received.preview(done.get(0).data()));
        Expect.that(response.events().get(response.events().size() - 1).event().equals("done"),
                () -> "event: done should be the last event of the stream");
    }

    /** The answer to a valid streaming request is 200 text/event-stream; else a failure that shows what came. */
    private static void expectEventStream(SseResponse response) {
        Expect.that(response.status() == 200 && response.isEventStream(), () -> "POST /api/chat/stream should answer "
                + "200 with Content-Type text/event-stream, got " + response.status() + " "
                + response.header("content-type").orElse("(no content type)") + ", "
                + Received.preview(response.received()));
    }

    private static String escaped(List<String> texts) {
        return texts.stream().map(t -> "\"" + Received.escape(t) + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    @Check(id = "chat.stream-errors", title = "A model that fails or goes silent mid-stream: the chunks so far, "
            + "then event: error within 12 s; the app stays healthy", points = 10, hint = "Relay each chunk as it "
                    + "arrives and wait for the next one with a deadline of about 10 s. When the model's stream "
                    + "breaks (the deadline passes, the connection drops, an {\"error\"} line comes instead of a "
                    + "chunk, or it ends without its closing chunk), send event: error with data: "
                    + "{\"error\":\"...\"} in words for the user and end the response.")
    void streamErrors(AppClient app, ModelScript model, ModelTraffic traffic) throws Exception {
        List<String> stalled = List.of("Mulch ", "keeps ", "the soil ");
        List<String> dropped = List.of("Roses ", "like ", "sun ");
        List<String> failed = List.of("Tulips ", "bloom ");
        model.when(Match.lastUserMessageContains("mulch")).streamThenBreak(Reply.stall(MODEL_SILENCE),
                stalled.toArray(String[]::new));
        model.when(Match.lastUserMessageContains("roses")).streamThenBreak(Reply.drop(),
                dropped.toArray(String[]::new));
        model.when(Match.lastUserMessageContains("tulips")).streamThenBreak(new Reply.Failure(500,
                "model runner crashed"), failed.toArray(String[]::new));
        model.when(Match.lastUserMessageContains("hedge")).stall(MODEL_SILENCE);
        model.when(Match.lastUserMessageContains("lilies")).fail(500);
        AppClient client = app.withTimeout(STREAM_LIMIT);

        // All five at once: the silent ones each wait about 10 s for the app's deadline.
        Map<String, String> questions = new java.util.LinkedHashMap<>();
        questions.put("mulch", "Why should I mulch my beds?");
        questions.put("roses", "When do roses need feeding?");
        questions.put("tulips", "When do tulips flower?");
        questions.put("hedge", "When do I trim a hedge?");
        questions.put("lilies", "Can lilies grow in shade?");
        ExecutorService users = Executors.newFixedThreadPool(questions.size());
        Map<String, Future<Timed<SseResponse>>> answers = new java.util.HashMap<>();
        try {
            questions.forEach((word, question) -> answers.put(word, users.submit(() -> Timed.of(() ->
                    client.stream("/api/chat/stream", ChatClient.body("stream-errors-" + word, question))))));

            String silence = "when the model streams " + escaped(stalled) + " and then says nothing";
            Timed<SseResponse> silent = result(answers.get("mulch"));
            expectBrokenStream(silent, stalled, traffic, "mulch", silence);
            ModelRequest silentRequest = requestWith(traffic, "mulch");
            List<SseEvent> deltas = silent.value().events("message");
            Instant lastDelta = silent.sent().plus(deltas.get(deltas.size() - 1).arrivedAfter());
            Duration relayedAfter = Duration.between(silentRequest.receivedAt(), lastDelta);
            Expect.that(relayedAfter.compareTo(RELAY_LIMIT) <= 0, () -> silence + ", the chunks should reach the "
                    + "user as they arrive; the last one came " + relayedAfter.toMillis() + " ms after the model "
                    + "request, although the model sent it at once: send each delta as soon as its chunk arrives");

            expectBrokenStream(result(answers.get("roses")), dropped, traffic, "roses",
                    "when the model streams " + escaped(dropped) + " and then drops the connection");
            expectBrokenStream(result(answers.get("tulips")), failed, traffic, "tulips",
                    "when the model streams " + escaped(failed) + " and then, instead of the next chunk, the line "
                            + "{\"error\":\"model runner crashed\"} (and nothing more)");
            expectFailedBeforeFirstChunk(result(answers.get("hedge")), traffic, "hedge", 504,
                    "when the model says nothing at all");
            expectFailedBeforeFirstChunk(result(answers.get("lilies")), traffic, "lilies", 502,
                    "when the model answers 500 before its first chunk");
        } finally {
            users.shutdownNow();
        }
        Expect.that(app.get("/health").status() == 200, () -> "after a model failure mid-stream the app should "
                + "stay healthy");
        model.when(Match.lastUserMessageContains("daisies")).stream("Daisies ", "love ", "sun.");
        SseResponse after = app.stream("/api/chat/stream", ChatClient.body("stream-errors-after", "Do daisies "
                + "need sun?"));
        Expect.that(after.status() == 200 && after.events("done").size() == 1, () -> "after a model failure "
                + "mid-stream the next stream should work again, got " + after.status() + " with events "
                + after.events().stream().map(SseEvent::event).toList());
    }

    /** How long a model scripted to go silent stays silent: longer than any check waits. */
    static final Duration MODEL_SILENCE = Duration.ofSeconds(30);

    /** How long a check reads a stream that should end within 12 s. */
    static final Duration STREAM_LIMIT = Duration.ofSeconds(20);

    /** How soon after the model sent a chunk the user must have it. */
    static final Duration RELAY_LIMIT = Duration.ofSeconds(3);

    /** A value, and when the request that made it was sent. */
    record Timed<T>(Instant sent, T value) {
        static <T> Timed<T> of(java.util.function.Supplier<T> call) {
            Instant sent = Instant.now();
            return new Timed<>(sent, call.get());
        }
    }

    private static ModelRequest requestWith(ModelTraffic traffic, String word) {
        return traffic.chatRequests().stream()
                .filter(r -> r.lastUserMessage().toLowerCase(Locale.ROOT).contains(word))
                .reduce((first, second) -> second)
                .orElseThrow(() -> Expect.fail("POST /api/chat/stream about " + word + ": the app sent no chat "
                        + "request to the model at OLLAMA_BASE_URL"));
    }

    /** The stream ended, with every chunk the model sent as a delta, then event: error, within 12 s. */
    private static void expectBrokenStream(Timed<SseResponse> timed, List<String> chunks, ModelTraffic traffic,
            String word, String situation) {
        SseResponse stream = timed.value();
        expectEventStream(stream);
        ModelRequest request = requestWith(traffic, word);
        Expect.that(stream.complete(), () -> situation + ", the stream should end with event: error within "
                + ModelDeadline.ANSWER_WITHIN.toSeconds() + " s; it was still open " + STREAM_LIMIT.toSeconds()
                + " s after the request, with events " + stream.events().stream().map(SseEvent::event).toList() + ": wait for "
                + "the model's next chunk with a deadline of about 10 s, and end the stream with event: error when "
                + "it passes or when the model's stream breaks");
        List<String> deltas = deltas(stream.events("message"));
        Expect.that(deltas.equals(chunks), () -> situation + ", the user should get those chunks as deltas before "
                + "the error.\n  app deltas: " + escaped(deltas)
                + (deltas.isEmpty() ? "\n  " + stream.describeReceived() : ""));
        Expect.errorEvent(stream, situation);
        expectWithinLimit(timed, stream, request, situation);
    }

    /**
     * Before the first chunk both answers are right: the JSON error of the brief's table
     * ({@code status}), or a stream that ends with event: error, within 12 s of the model request.
     */
    private static void expectFailedBeforeFirstChunk(Timed<SseResponse> timed, ModelTraffic traffic, String word,
            int status, String situation) {
        SseResponse response = timed.value();
        if (response.isEventStream()) {
            Expect.that(response.status() == 200 && response.complete(), () -> situation + ", the answer should be "
                    + "the JSON error " + status + " or a stream that ends with event: error; got " + response.status()
                    + " text/event-stream" + (response.complete() ? "" : ", still open " + STREAM_LIMIT.toSeconds()
                            + " s after the request"));
            Expect.errorEvent(response, situation);
        } else {
            expectJsonError(new AppResponse(response.request(), response.status(), response.headers(),
                    response.body(), response.elapsed()), status, situation);
        }
        expectWithinLimit(timed, response, requestWith(traffic, word), situation);
    }

    private static void expectWithinLimit(Timed<SseResponse> timed, SseResponse response, ModelRequest request,
            String situation) {
        Duration after = Duration.between(request.receivedAt(), timed.sent().plus(response.elapsed()));
        Expect.that(after.compareTo(ModelDeadline.ANSWER_WITHIN) <= 0, () -> situation
                + ", the answer should end within " + ModelDeadline.ANSWER_WITHIN.toSeconds() + " s of the model request; it ended " + after.toMillis()
                + " ms after it: wait for the model's next chunk with a deadline of about 10 s");
    }

    /**
     * The texts of the delta events, in order. An event without text ({@code "delta"} absent,
     * {@code null} or {@code ""}) is skipped: it stands for a model chunk without text, such as
     * Ollama's closing one. A delta that is not a string is a failure that names it.
     */
    static List<String> deltas(List<SseEvent> events) {
        List<String> texts = new ArrayList<>();
        for (SseEvent event : events) {
            JsonNode delta = event.json().path("delta");
            if (delta.isMissingNode() || delta.isNull() || delta.isTextual() && delta.asText().isEmpty()) {
                continue;
            }
            Expect.that(delta.isTextual(), () -> "each delta event should carry the chunk's text as a string, "
                    + "data: {\"delta\":\"...\"}, got: " + AppClient.shorten(event.data()));
            texts.add(delta.asText());
        }
        return texts;
    }

    @Check(id = "chat.concurrency", title = "16 sessions at once: all answered, no cross-talk, handled in parallel",
            points = 5, hint = "Do not serialise requests or share per-request state between threads: keep state "
                    + "per session, in thread-safe structures.")
    void concurrency(AppClient app, ModelScript model, ModelTraffic traffic) throws Exception {
        int sessions = 16;
        Duration thinking = Duration.ofMillis(600);
        for (int i = 0; i < sessions; i++) {
            String plant = plant(i);
            model.when(Match.lastUserMessageContains("[" + plant + "]"))
                    .then(Reply.delayed(thinking, Reply.text("Your " + plant + " needs care: " + i)));
        }
        ChatClient chat = new ChatClient(app);
        ExecutorService users = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                replies.add(users.submit(() -> chat.chat("parallel-" + n, "How do I care for my [" + plant(n) + "]?")));
            }
            for (int i = 0; i < sessions; i++) {
                String reply = result(replies.get(i));
                String expected = "Your " + plant(i) + " needs care: " + i;
                int n = i;
                Expect.that(reply.equals(expected), () -> "session parallel-" + n + " got another session's answer:"
                        + " expected \"" + expected + "\", got \"" + reply + "\"");
            }
        } finally {
            users.shutdownNow();
        }
        int overlap = maxInFlight(traffic.exchanges());
        Expect.that(overlap >= 4, () -> "16 users chatting at once should be served in parallel, but the model "
                + "never had more than " + overlap + " request(s) in flight at a time: is a lock or a single "
                + "thread serialising the requests?");
    }

    @Check(id = "chat.web-ui", title = "GET / serves a chat page that talks to the API", points = 5,
            hint = "Serve an HTML page at / with a text box and a script (in the page, or loaded from the app with "
                    + "<script src>) that calls /api/chat or /api/chat/stream.")
    void webUi(AppClient app) {
        ChatPage chat = ChatPage.load(app);
        AppResponse page = chat.page();
        Expect.that(page.status() == 200, () -> "GET / should answer 200 with the chat page, got " + page);
        Expect.that(page.hasMediaType("text/html"), () -> "GET / should be served as text/html, got \""
                + page.header("content-type").orElse("(no content type)") + "\"");
        Expect.that(chat.hasTextBox(), () -> "the page at / should have a text box for the user's message "
                + "(<textarea> or <input>, in the page or made by its script); read: " + chat.describe());
        Expect.that(chat.callsTheApi(), () -> "the page at / should call the API (/api/chat or /api/chat/stream) "
                + "from its script, but neither the page nor its scripts name it; read: " + chat.describe());
    }

    @Check(id = "browser.chat", title = "In a browser: a message typed into the page and sent shows the model's "
            + "reply", points = 5, tier = Tier.BROWSER,
            hint = "In the page at /, a message typed into the text box and sent with Enter or the send button should "
                    + "be POSTed to /api/chat or /api/chat/stream as {\"sessionId\",\"message\"}, and the reply shown "
                    + "in the page (textContent of any element); open the page in a browser and look at its console.")
    void browserChat(Browser browser, ModelScript model, ModelTraffic traffic) {
        String reply = "Courgettes love rich soil, full sun and a deep drink twice a week.";
        model.when(Match.lastUserMessageContains("courgette")).reply(reply);
        BrowserChat chat = new BrowserChat(browser.open("/"));

        chat.send("How do I grow courgettes?");

        Expect.that(chat.waitForText(reply, BrowserChat.SHOW_LIMIT), () -> "typed \"How do I grow courgettes?\" "
                + "into the page at / and sent it; the model's reply \"" + reply + "\" should then show in the page, "
                + "but after " + BrowserChat.SHOW_LIMIT.toSeconds() + " s it shows " + chat.shownForMessages() + ".\n  "
                + whatThePageDid(chat, traffic));
    }

    @Check(id = "browser.stream", title = "In a browser: the page shows a streamed reply piece by piece, before the "
            + "stream ends", points = 5, tier = Tier.BROWSER,
            hint = "Call POST /api/chat/stream from the page and read its events as they arrive (fetch's "
                    + "response.body.getReader(), or EventSource for a GET), adding each delta to the reply shown: do "
                    + "not wait for the done event, nor for response.text().")
    void browserStream(Browser browser, ModelScript model, ModelTraffic traffic) {
        // The model streams its first chunks at once, then holds the stream: what the page shows meanwhile it
        // shows before the stream's end (the app ends it with event: error 10 s later).
        List<String> first = List.of("Mulch ", "keeps ", "the ", "roots ", "cool ");
        model.when(Match.lastUserMessageContains("mulch")).streamThenBreak(Reply.stall(MODEL_SILENCE),
                first.toArray(String[]::new));
        BrowserChat chat = new BrowserChat(browser.open("/"));

        chat.send("Should I mulch my vegetable beds?");

        Expect.that(chat.waitFor(BrowserChat.SHOW_LIMIT, () -> traffic.lastChatRequest().isPresent()), () ->
                "typed a message into the page at / and sent it, but no request reached the model within "
                        + BrowserChat.SHOW_LIMIT.toSeconds() + " s.\n  " + whatThePageDid(chat, traffic));
        String partial = String.join("", first).strip();
        Expect.that(chat.waitForText(partial, STREAM_SHOW_LIMIT), () -> "the model streamed \"" + partial + "\" at "
                + "once and then held its stream open; the page should show those words while the stream goes on, "
                + "but " + STREAM_SHOW_LIMIT.toSeconds() + " s after the model request it shows "
                + chat.shownForMessages() + ".\n  " + whatThePageDid(chat, traffic));
    }

    @Check(id = "browser.session", title = "In a browser: a second message in the same page continues the same "
            + "session", points = 5, tier = Tier.BROWSER,
            hint = "Make one sessionId when the page loads (e.g. crypto.randomUUID(), or letters and digits: 1 to 64 "
                    + "of A-Z a-z 0-9 _ -) and send it with every message of that page, until the user starts a new "
                    + "conversation.")
    void browserSession(Browser browser, ModelScript model, ModelTraffic traffic) {
        String firstReply = "Harden your seedlings off over a week before they go out.";
        String secondReply = "On frosty nights, cover them with a fleece.";
        model.when(Match.lastUserMessageContains("seedlings")).reply(firstReply);
        model.when(Match.lastUserMessageContains("frost")).reply(secondReply);
        BrowserChat chat = new BrowserChat(browser.open("/"));

        chat.send("When can my seedlings go outside?");
        Expect.that(chat.waitForText(firstReply, BrowserChat.SHOW_LIMIT), () -> "the first message's reply \""
                + firstReply + "\" should show in the page, but after " + BrowserChat.SHOW_LIMIT.toSeconds()
                + " s it shows " + chat.shownForMessages() + ".\n  " + whatThePageDid(chat, traffic));
        chat.send("And what if there is frost?");
        Expect.that(chat.waitForText(secondReply, BrowserChat.SHOW_LIMIT), () -> "the second message's reply \""
                + secondReply + "\" should show in the page, but after " + BrowserChat.SHOW_LIMIT.toSeconds()
                + " s it shows " + chat.shownForMessages() + ".\n  " + whatThePageDid(chat, traffic));

        List<PageRequests.Sent> sent = chat.chatRequests();
        Expect.that(sent.size() >= 2, () -> "two messages sent from the page should be two POSTs to /api/chat or "
                + "/api/chat/stream; the page sent: " + describe(sent));
        Optional<String> firstId = sessionIdOf(sent.get(0));
        Optional<String> secondId = sessionIdOf(sent.get(sent.size() - 1));
        Expect.that(firstId.isPresent() && secondId.isPresent(), () -> "each message the page sends should carry "
                + "its sessionId in the JSON body; the page sent: " + describe(sent));
        Expect.that(firstId.equals(secondId), () -> "the second message of the same page should continue the "
                + "conversation with the same sessionId, but the page sent \"" + firstId.get() + "\" and then \""
                + secondId.get() + "\"");
    }

    /** How long a page may take to show a stream's first chunks after the model request: before its 10 s deadline. */
    static final Duration STREAM_SHOW_LIMIT = Duration.ofSeconds(8);

    /** The requests the page sent to the app and what the model was asked, for a browser check's message. */
    private static String whatThePageDid(BrowserChat chat, ModelTraffic traffic) {
        List<PageRequests.Sent> sent = chat.chatRequests();
        String model = traffic.lastChatRequest().map(r -> "the model was asked \""
                + AppClient.shorten(r.lastUserMessage()) + "\"" + (r.stream() ? " for a stream" : ""))
                .orElse("the model was asked nothing");
        return (sent.isEmpty() ? "the page sent no POST to /api/chat or /api/chat/stream" : "the page sent "
                + describe(sent)) + "; " + model;
    }

    private static String describe(List<PageRequests.Sent> sent) {
        return sent.isEmpty() ? "(nothing)" : sent.stream().map(PageRequests.Sent::describe)
                .collect(Collectors.joining(", "));
    }

    private static Optional<String> sessionIdOf(PageRequests.Sent request) {
        return request.body().flatMap(body -> {
            try {
                JsonNode id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("sessionId");
                return id.isTextual() && !id.asText().isEmpty() ? Optional.of(id.asText()) : Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
    }

    @Check(id = "live.chat.persona", title = "With a real model: Sprout introduces itself as a gardening assistant",
            points = 5, tier = Tier.LIVE, models = "chat",
            hint = "A real model follows the system prompt it is sent: make it say that Sprout is a friendly gardening"
                    + " assistant, and send it first with every request")
    void livePersona(AppClient app) {
        String reply = new ChatClient(app.withTimeout(Duration.ofSeconds(120)))
                .chat("live-persona", "Who are you, and what can you help me with?").toLowerCase(Locale.ROOT);
        Expect.that(reply.contains("sprout") || reply.contains("garden") || reply.contains("plant"), () ->
                "asked who it is, a real model given the system prompt should mention Sprout, gardens or plants; "
                        + "it said: " + AppClient.shorten(reply));
    }

    @Check(id = "live.chat.memory", title = "With a real model: Sprout remembers the user's name", points = 5,
            tier = Tier.LIVE, models = "chat",
            hint = "A real model remembers only what it is sent: send the session's earlier messages, in order, with"
                    + " every request")
    void liveMemory(AppClient app) {
        ChatClient chat = new ChatClient(app.withTimeout(Duration.ofSeconds(120)));
        chat.chat("live-memory", "Hello! My name is Marigold and I grow pumpkins.");
        String reply = chat.chat("live-memory", "What is my name?");
        Expect.that(reply.contains("Marigold"), () -> "asked for the name given in the previous message, a real "
                + "model should answer Marigold; it said: " + AppClient.shorten(reply));
    }

    private static String plant(int i) {
        return List.of("basil", "thyme", "sage", "mint", "dill", "chive", "fennel", "sorrel", "lovage", "tarragon",
                "oregano", "parsley", "rosemary", "lavender", "borage", "chervil").get(i);
    }

    private static <T> T result(Future<T> reply) throws Exception {
        try {
            return reply.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw e;
        }
    }

    /** The largest number of model requests that were being answered at the same moment. */
    static int maxInFlight(List<ModelExchange> exchanges) {
        int max = 0;
        for (ModelExchange e : exchanges) {
            Instant at = e.request().receivedAt();
            int inFlight = 0;
            for (ModelExchange other : exchanges) {
                Instant start = other.request().receivedAt();
                Instant end = start.plus(other.duration());
                if (!start.isAfter(at) && end.isAfter(at)) {
                    inFlight++;
                }
            }
            max = Math.max(max, inFlight);
        }
        return max;
    }

    private static boolean mentions(ModelRequest request, String word) {
        return request.history().stream().anyMatch(m -> m.content().toLowerCase(Locale.ROOT).contains(word));
    }

    /** Whether {@code list} ends with {@code suffix}, comparing roles and texts. */
    static boolean endsWith(List<Message> list, List<Message> suffix) {
        if (suffix.size() > list.size()) {
            return false;
        }
        int offset = list.size() - suffix.size();
        for (int i = 0; i < suffix.size(); i++) {
            Message a = list.get(offset + i);
            Message b = suffix.get(i);
            if (!a.role().equals(b.role()) || !a.content().equals(b.content())) {
                return false;
            }
        }
        return true;
    }

    private static String lines(List<Message> messages) {
        return messages.stream().map(m -> "  " + m.role() + ": " + m.content()).collect(Collectors.joining("\n", "\n", ""));
    }
}
