package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ToolCall;
import dev.labkit.checks.sdk.ToolSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The console log of {@code lab model serve}: one line per HTTP request, as Ollama logs each request,
 * written once its answer is finished (a stream after its last chunk) with the real duration. Only a
 * server started with a log writes one: grading never does. A request's line, and its verbose details,
 * are written at once, so that concurrent requests never mix within a line.
 *
 * <p>The line: {@code HH:mm:ss | status | milliseconds ms | METHOD /path}, then
 * <ul>
 *   <li>for a chat or generate request: {@code | model=NAME messages=3 (system 1, user 2) tools=N
 *       stream=true|false}, with {@code images=N} after the messages when some carry images;
 *   <li>for an embedding request: {@code | model=NAME inputs=N};
 *   <li>for a transcription request: {@code | model=NAME audio=WAV 2.4 s, 76,844 bytes, sha256 1a2b3c4d5e6f,
 *       file name 'q.wav' fields=language,response_format} (the multipart text fields sent but model);
 *   <li>for a speech request: {@code | model=NAME input=42 characters fields=voice,response_format};
 *   <li>for a refused request (an unknown model, a body the API cannot read): {@code | error: REASON};
 *   <li>{@code ---} for the status when no status was sent (the connection closed first).
 * </ul>
 * Verbose adds, indented under the line, each message ({@code role: } its first 100 characters,
 * newlines written {@code \n}), or each input of an embedding request (the first 10), the names of
 * the tools, and the answer, shortened the same way.
 */
public final class RequestLog {

    /** Writes nothing: the default of every server, and what grading uses. */
    static final RequestLog OFF = new RequestLog(null, false, Clock.systemDefaultZone());

    /** Characters of a message or an answer shown in verbose details. */
    static final int SHOWN_CHARACTERS = 100;

    /** Inputs of an embedding request shown in verbose details; an app may embed hundreds at once. */
    static final int SHOWN_INPUTS = 10;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String INDENT = "    ";
    private static final List<String> ROLE_ORDER = List.of("system", "user", "assistant", "tool");

    private final PrintWriter out;
    private final boolean verbose;
    private final Clock clock;

    private RequestLog(PrintWriter out, boolean verbose, Clock clock) {
        this.out = out;
        this.verbose = verbose;
        this.clock = clock;
    }

    /** A log written to {@code out}, with the local time of day; {@code verbose} adds each request's messages. */
    public static RequestLog to(PrintWriter out, boolean verbose) {
        return to(out, verbose, Clock.systemDefaultZone());
    }

    /** A log written to {@code out} that reads the time of day from {@code clock} (in its zone). */
    public static RequestLog to(PrintWriter out, boolean verbose, Clock clock) {
        return new RequestLog(Objects.requireNonNull(out, "out"), verbose, Objects.requireNonNull(clock, "clock"));
    }

    /** Starts the entry of a request that just arrived; it is written by {@link Entry#finished}. */
    Entry begin(String method, String path) {
        return new Entry(method, path);
    }

    /** What one request was and what it was answered, collected while it is answered. Used by one thread. */
    final class Entry {
        private final String method;
        private final String path;
        private final long started = System.nanoTime();
        private ModelRequest request;
        private String error;
        private String answer;
        private boolean brokeOff;

        private Entry(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** {@code api} itself when the log is off, so that grading answers exactly as without a log. */
        Answers watching(Answers api) {
            return out == null ? api : new LoggedAnswers(api, this);
        }

        void read(ModelCall call) {
            request = call.request();
        }

        void read(ModelRequest request) {
            this.request = request;
        }

        void refused(String reason) {
            error = reason;
        }

        void answeredText(String text) {
            answer = shortened(text);
        }

        void answeredNothing(String doneReason) {
            answer = "nothing to generate (the model was " + doneReason + "ed)";
        }

        void answeredToolCalls(List<ToolCall> calls) {
            answer = "tool calls " + calls.stream().map(RequestLog::call).collect(Collectors.joining(", "));
        }

        void answeredVectors(List<float[]> vectors) {
            answer = vectors.size() + (vectors.size() == 1 ? " vector" : " vectors")
                    + (vectors.isEmpty() ? "" : " of " + vectors.get(0).length + " numbers");
        }

        /** A scripted stream that breaks off after its chunks: with the API's in-stream error, or silently. */
        void answeredBrokenStream(String text, Optional<String> error) {
            answer = shortened(text) + " (then the stream breaks off" + error.map(e -> " with the error: " + e)
                    .orElse("") + ")";
        }

        /** The app closed the connection before the whole answer was written. */
        void brokeOff() {
            brokeOff = true;
        }

        /** Writes the entry, now that the answer has ended with {@code status} (-1: none was sent). */
        void finished(int status) {
            if (out == null) {
                return;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            String text = line(status, millis) + System.lineSeparator() + (verbose ? details() : "");
            synchronized (out) {
                out.print(text);
                out.flush();
            }
        }

        private String line(int status, long millis) {
            StringBuilder line = new StringBuilder(String.format("%s | %3s | %5d ms | %s %s",
                    LocalTime.now(clock).format(TIME), status < 0 ? "---" : Integer.toString(status), millis,
                    method, path));
            if (request != null) {
                line.append(" | model=").append(request.model().isEmpty() ? "(none)" : request.model());
                if (request.isEmbedding()) {
                    line.append(" inputs=").append(request.messages().size());
                } else if (request.isTranscription()) {
                    line.append(" audio=").append(request.audio().describe()).append(" fields=")
                            .append(request.options().isEmpty() ? "(none)" : String.join(",", request.options().keySet()));
                } else if (request.isSpeech()) {
                    String input = request.speechInput();
                    line.append(" input=").append(input.codePointCount(0, input.length())).append(" characters")
                            .append(request.options().isEmpty() ? "" : " fields=" + String.join(",",
                                    request.options().keySet()));
                } else {
                    line.append(" messages=").append(request.messages().size()).append(roles(request.messages()));
                    int images = request.messages().stream().mapToInt(m -> m.images().size()).sum();
                    if (images > 0) {
                        line.append(" images=").append(images);
                    }
                    line.append(" tools=").append(request.tools().size()).append(" stream=").append(request.stream());
                }
            }
            if (error != null) {
                line.append(" | error: ").append(oneLine(error));
            }
            if (brokeOff) {
                line.append(" | the app closed the connection before the answer ended");
            } else if (status < 0) {
                line.append(" | no answer: the connection was closed");
            }
            return line.toString();
        }

        private String details() {
            if (request == null) {
                return "";
            }
            StringBuilder details = new StringBuilder();
            if (request.isEmbedding()) {
                List<Message> inputs = request.messages();
                inputs.stream().limit(SHOWN_INPUTS).forEach(m -> detail(details, "input: " + shortened(m.content())));
                if (inputs.size() > SHOWN_INPUTS) {
                    detail(details, "… and " + (inputs.size() - SHOWN_INPUTS) + " more inputs");
                }
            } else {
                request.messages().forEach(m -> detail(details, message(m)));
                if (!request.tools().isEmpty()) {
                    detail(details, "tools: " + request.tools().stream().map(ToolSpec::name)
                            .collect(Collectors.joining(", ")));
                }
            }
            if (answer != null) {
                detail(details, "answer: " + answer);
            }
            return details.toString();
        }
    }

    private static void detail(StringBuilder details, String text) {
        details.append(INDENT).append(text).append(System.lineSeparator());
    }

    /** {@code " (system 1, user 2)"}: the messages by role, in a conversation's usual order, others after. */
    private static String roles(List<Message> messages) {
        if (messages.isEmpty()) {
            return "";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        ROLE_ORDER.forEach(role -> counts.put(role, 0));
        messages.forEach(m -> counts.merge(m.role(), 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }

    /** {@code role: text [2 images] [calls name {"a":1}]}. */
    private static String message(Message message) {
        StringBuilder text = new StringBuilder(message.role()).append(':');
        if (!message.content().isEmpty()) {
            text.append(' ').append(shortened(message.content()));
        }
        if (!message.images().isEmpty()) {
            text.append(" [").append(message.images().size()).append(message.images().size() == 1 ? " image]" : " images]");
        }
        message.toolCalls().forEach(c -> text.append(" [calls ").append(call(c)).append(']'));
        return text.toString();
    }

    /** {@code name {"city":"Paris"}}. */
    private static String call(ToolCall call) {
        try {
            return call.name() + " " + shortened(Wire.JSON.writeValueAsString(call.arguments()));
        } catch (JsonProcessingException e) {
            return call.name() + " " + call.arguments(); // arguments read from JSON always write back
        }
    }

    /** The text on one line, its first {@value #SHOWN_CHARACTERS} characters, and its length when longer. */
    static String shortened(String text) {
        String line = oneLine(text);
        int length = line.codePointCount(0, line.length());
        if (length <= SHOWN_CHARACTERS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, SHOWN_CHARACTERS)) + "… ("
                + text.codePointCount(0, text.length()) + " characters)";
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
