package dev.labkit.checks.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Every request the app sent to the lab model during the current check, and what it answered:
 * the recorder. Cleared before each check. Thread-safe.
 */
public final class ModelTraffic {

    private static final int MAX_TEXT_IN_TRANSCRIPT = 400;

    /** Requests kept by default: far more than a check sends, bounded so a long-running server cannot fill memory. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<ModelRequest> requests = new ArrayList<>();
    private final List<ModelExchange> exchanges = new ArrayList<>();

    public ModelTraffic() {
        this(DEFAULT_CAPACITY);
    }

    /** Keeps at most {@code capacity} requests (and their exchanges); the oldest are forgotten first. */
    public ModelTraffic(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The number the next request gets (1 for the first request after a reset). */
    public int nextRequestNumber() {
        return numbers.incrementAndGet();
    }

    /** Called by the model server as soon as a request has been read. */
    public synchronized void received(ModelRequest request) {
        requests.add(request);
        if (requests.size() > capacity) {
            ModelRequest oldest = requests.remove(0);
            exchanges.removeIf(e -> e.request() == oldest);
        }
        notifyAll();
    }

    /** Called by the model server once it has answered (or dropped) a request. */
    public synchronized void answered(ModelExchange exchange) {
        if (requests.contains(exchange.request())) {
            exchanges.add(exchange);
        }
        notifyAll();
    }

    /** Every request received, in arrival order. */
    public synchronized List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** Chat and generate requests received, in arrival order (embeddings left out). */
    public synchronized List<ModelRequest> chatRequests() {
        return requests.stream().filter(ModelRequest::isChat).collect(Collectors.toUnmodifiableList());
    }

    /** Embedding requests received, in arrival order. */
    public synchronized List<ModelRequest> embeddingRequests() {
        return requests.stream()
                .filter(ModelRequest::isEmbedding)
                .collect(Collectors.toUnmodifiableList());
    }

    /** Transcription requests ({@code /v1/audio/transcriptions}) received, in arrival order. */
    public synchronized List<ModelRequest> transcriptionRequests() {
        return requests.stream().filter(ModelRequest::isTranscription).collect(Collectors.toUnmodifiableList());
    }

    /** Speech requests ({@code /v1/audio/speech}) received, in arrival order. */
    public synchronized List<ModelRequest> speechRequests() {
        return requests.stream().filter(ModelRequest::isSpeech).collect(Collectors.toUnmodifiableList());
    }

    /** The last chat request received, if any. */
    public synchronized Optional<ModelRequest> lastChatRequest() {
        List<ModelRequest> chats = chatRequests();
        return chats.isEmpty() ? Optional.empty() : Optional.of(chats.get(chats.size() - 1));
    }

    /** Every answered exchange, in the order the answers completed. */
    public synchronized List<ModelExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /**
     * The back-off before each chat request after the first: the time from the end of the previous chat
     * request's answer ({@code receivedAt} plus the exchange's {@code duration}: its last byte, or the
     * closed connection) to this request's {@code receivedAt}, in arrival order. Negative when a request
     * arrived before the previous answer ended (concurrent requests). The list stops at the first request
     * whose previous one is still unanswered. E.g. an app that retries a failed call after 200 ms, then
     * after 400 ms, gives {@code [~200 ms, ~400 ms]}.
     */
    public synchronized List<Duration> waitsBetweenChatRequests() {
        List<ModelRequest> chats = chatRequests();
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < chats.size(); i++) {
            ModelRequest previous = chats.get(i - 1);
            Optional<ModelExchange> answer = exchanges.stream().filter(e -> e.request() == previous).findFirst();
            if (answer.isEmpty()) {
                break;
            }
            waits.add(Duration.between(previous.receivedAt().plus(answer.get().duration()),
                    chats.get(i).receivedAt()));
        }
        return List.copyOf(waits);
    }

    /**
     * Waits until at least {@code count} chat requests have arrived, or the timeout passes.
     *
     * @return whether they arrived in time
     */
    public synchronized boolean awaitChatRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (chatRequests().size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** A copy of everything recorded so far, which later traffic does not change. */
    public synchronized ModelTraffic snapshot() {
        ModelTraffic copy = new ModelTraffic(capacity);
        copy.requests.addAll(requests);
        copy.exchanges.addAll(exchanges);
        copy.numbers.set(numbers.get());
        return copy;
    }

    /** Forgets everything recorded and restarts request numbering at 1. */
    public synchronized void reset() {
        requests.clear();
        exchanges.clear();
        numbers.set(0);
    }

    /** A readable account of the traffic, request by request, for reports. */
    public synchronized String transcript() {
        if (requests.isEmpty()) {
            return "(the app sent no request to the model)";
        }
        StringBuilder out = new StringBuilder();
        for (ModelRequest request : requests) {
            Optional<ModelExchange> answer =
                    exchanges.stream().filter(e -> e.request() == request).findFirst();
            out.append('#').append(request.number()).append(' ')
                    .append(request.api()).append(' ').append(request.endpoint())
                    .append(" model=").append(request.model())
                    .append(request.stream() ? " stream" : "")
                    .append(request.tools().isEmpty() ? "" : " tools=" + toolNames(request));
            answer.ifPresentOrElse(
                    e -> out.append(" -> ").append(e.status() == 0 ? "no answer" : e.status())
                            .append(" in ").append(e.duration().toMillis()).append(" ms")
                            .append(" (").append(e.rule()).append(')'),
                    () -> out.append(" -> (still unanswered)"));
            out.append('\n');
            if (request.isEmbedding()) {
                out.append("    ").append(request.messages().size()).append(" input(s)\n");
            } else if (request.isTranscription()) {
                out.append("    audio: ").append(request.audio() == null ? "(no file)" : request.audio().describe())
                        .append('\n');
                if (!request.options().isEmpty()) {
                    out.append("    fields: ").append(request.options()).append('\n');
                }
            } else if (request.isSpeech()) {
                out.append("    input: ").append(shorten(request.speechInput())).append('\n');
                if (!request.options().isEmpty()) {
                    out.append("    fields: ").append(request.options()).append('\n');
                }
            } else {
                for (Message message : request.messages()) {
                    out.append("    ").append(message.role()).append(": ")
                            .append(shorten(message.content()));
                    message.images().forEach(image -> out.append(" [image ")
                            .append(Picture.fromBase64(image).map(Picture::describe)
                                    .orElse("that does not decode, " + image.length() + " base64 chars"))
                            .append(']'));
                    message.toolCalls().forEach(c -> out.append(" [calls ").append(c.name())
                            .append(c.arguments()).append(']'));
                    out.append('\n');
                }
            }
            answer.filter(e -> e.status() == 200 && request.isTranscription())
                    .ifPresent(e -> out.append("    => transcript: ").append(shorten(e.reply())).append('\n'));
            answer.filter(e -> e.status() == 200 && request.isSpeech()).ifPresent(e -> out.append("    => audio: ")
                    .append(e.audio() == null ? "(none)" : e.audio().describe()).append('\n'));
            answer.filter(e -> e.status() == 200 && request.isChat()).ifPresent(e -> {
                out.append("    => assistant: ").append(shorten(e.reply()));
                e.toolCalls().forEach(c -> out.append(" [calls ").append(c.name())
                        .append(c.arguments()).append(']'));
                out.append('\n');
            });
        }
        return out.toString();
    }

    private static String toolNames(ModelRequest request) {
        return request.tools().stream().map(ToolSpec::name).collect(Collectors.joining(",", "[", "]"));
    }

    private static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= MAX_TEXT_IN_TRANSCRIPT
                ? oneLine
                : oneLine.substring(0, MAX_TEXT_IN_TRANSCRIPT) + "… (" + text.length() + " chars)";
    }
}
