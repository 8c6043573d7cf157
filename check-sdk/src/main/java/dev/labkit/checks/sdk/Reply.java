package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the lab model does with a request a {@link ModelScript} rule matched. */
public sealed interface Reply {

    /**
     * Answer with text. A streamed request receives it in {@code chunks}, in order; an empty list
     * of chunks means "split the text into words".
     */
    record Text(String content, List<String> chunks) implements Reply {
        public Text {
            Objects.requireNonNull(content, "content");
            chunks = chunks == null ? List.of() : List.copyOf(chunks);
        }
    }

    /** Ask the app to call these tools, in order, in one turn. */
    record ToolCalls(List<ToolCall> calls) implements Reply {
        public ToolCalls {
            if (calls == null || calls.isEmpty()) {
                throw new IllegalArgumentException("a tool-call reply needs at least one call");
            }
            calls = List.copyOf(calls);
        }
    }

    /** Answer with an HTTP error status and {@code {"error": message}}. */
    record Failure(int status, String message) implements Reply {
        public Failure {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a failure status is 4xx or 5xx, got " + status);
            }
        }
    }

    /** Say nothing for this long, then close the connection without an answer. */
    record Stall(Duration duration) implements Reply {
        public Stall {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Close the connection at once without sending a status line. */
    record Drop() implements Reply {}

    /** Wait this long (a slow model), then answer with {@code then}. */
    record Delayed(Duration delay, Reply then) implements Reply {
        public Delayed {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(then, "then");
        }
    }

    /**
     * A stream the model breaks off: it streams {@code chunks}, in order, then {@code end} happens
     * instead of the stream's normal ending:
     * <ul>
     *   <li>{@link Stall}: it says nothing for the stall's duration, then drops the connection;
     *   <li>{@link Drop}: it drops the connection mid-stream (no end of the chunked body), a moment
     *       (300 ms) after the last chunk, so that the app's client has read the chunks;
     *   <li>{@link Failure}: it writes the API's in-stream error (Ollama: an NDJSON line
     *       {@code {"error": message}}, as Ollama writes a runner failure; OpenAI: an SSE event
     *       {@code data: {"error": {"message", ...}}}), then ends the response without its closing
     *       chunk or {@code [DONE]}. The status stays 200: it was sent with the first chunk.
     * </ul>
     * A request that did not ask for a stream gets {@code end} alone.
     *
     * @param chunks the texts streamed before the break, at least one
     * @param end a {@link Stall}, {@link Drop} or {@link Failure}
     */
    record BrokenStream(List<String> chunks, Reply end) implements Reply {
        public BrokenStream {
            if (chunks == null || chunks.isEmpty()) {
                throw new IllegalArgumentException("a broken stream needs at least one chunk before it breaks");
            }
            chunks = List.copyOf(chunks);
            if (!(end instanceof Stall || end instanceof Drop || end instanceof Failure)) {
                throw new IllegalArgumentException("a stream breaks with a stall, a drop or a failure, not " + end);
            }
        }
    }

    /** Let the lab model answer as if no rule matched (extractive answer, real embeddings). */
    record Default() implements Reply {}

    /**
     * Different answers in turn: the first request the rule answers gets {@code replies[0]}, the next
     * {@code replies[1]}, and so on; once they are used up, the last one answers every further request.
     * "Fail twice, then answer" is {@code sequence(failure(503), failure(503), text("Hello"))}: see
     * {@link ModelScript.RuleBuilder#failThenReply}. A sequence holds no sequence.
     */
    record Sequence(List<Reply> replies) implements Reply {
        public Sequence {
            if (replies == null || replies.isEmpty()) {
                throw new IllegalArgumentException("a sequence needs at least one reply");
            }
            replies = List.copyOf(replies);
            if (replies.stream().anyMatch(Sequence.class::isInstance)) {
                throw new IllegalArgumentException("a sequence holds replies, not sequences");
            }
        }

        /** The reply for the {@code use}-th request the rule answers (0 for the first). */
        public Reply forUse(int use) {
            return replies.get(Math.min(Math.max(use, 0), replies.size() - 1));
        }
    }

    static Reply text(String content) {
        return new Text(content, List.of());
    }

    static Reply chunks(String... chunks) {
        return new Text(String.join("", chunks), List.of(chunks));
    }

    static Reply toolCall(String name, Map<String, Object> arguments) {
        return new ToolCalls(List.of(new ToolCall(name, arguments)));
    }

    static Reply toolCalls(ToolCall... calls) {
        return new ToolCalls(List.of(calls));
    }

    static Reply failure(int status) {
        return new Failure(status, "lab model: scripted failure with status " + status);
    }

    static Reply stall(Duration duration) {
        return new Stall(duration);
    }

    static Reply drop() {
        return new Drop();
    }

    static Reply delayed(Duration delay, Reply then) {
        return new Delayed(delay, then);
    }

    /** Streams {@code chunks}, then {@code end} (a stall, a drop or a failure): see {@link BrokenStream}. */
    static Reply brokenStream(Reply end, String... chunks) {
        return new BrokenStream(List.of(chunks), end);
    }

    /** Answers in turn with {@code replies}, the last one repeating: see {@link Sequence}. */
    static Reply sequence(Reply... replies) {
        return new Sequence(List.of(replies));
    }

    static Reply useDefault() {
        return new Default();
    }
}
