package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Reply;
import dev.labkit.checks.sdk.ToolCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one model request: records it, picks the first matching script rule (or the default
 * answer), has the API's {@link Answers} write it, and records what was answered, whatever
 * happens on the way.
 */
final class Responder {

    private static final Pattern WORD_WITH_SPACE = Pattern.compile("\\s*\\S+\\s*");

    private final ModelCatalog catalog;
    private final ModelScript script;
    private final ModelTraffic traffic;
    private final CountDownLatch closing;
    private final Optional<Upstream> upstream;
    private final DefaultResponder defaultAnswers = DefaultResponder.warmingUp();

    Responder(ModelCatalog catalog, ModelScript script, ModelTraffic traffic, CountDownLatch closing,
            Optional<Upstream> upstream) {
        this.catalog = catalog;
        this.script = script;
        this.traffic = traffic;
        this.closing = closing;
        this.upstream = upstream;
    }

    int nextRequestNumber() {
        return traffic.nextRequestNumber();
    }

    /**
     * Records one answer once. Scripted and default answers are recorded before they are written, so
     * that a check reading the recorder right after the app answered finds the exchange there.
     */
    private final class Recording {
        private final ModelRequest request;
        private final long started = System.nanoTime();
        private String rule = "default";
        private boolean done;

        Recording(ModelRequest request) {
            this.request = request;
            traffic.received(request);
        }

        void answered(int status, String text, List<ToolCall> calls) {
            if (!done) {
                done = true;
                traffic.answered(new ModelExchange(request, status, text, calls, rule,
                        Duration.ofNanos(System.nanoTime() - started)));
            }
        }
    }

    /** Answers a request whose raw body is {@code body} (sent on unchanged to a real model). */
    void answer(HttpExchange exchange, ModelRequest request, byte[] body, Answers answers) throws IOException {
        Recording recording = new Recording(request);
        try {
            Optional<ModelCatalog.Kind> kind = catalog.kindOf(request.model());
            if (kind.isEmpty()) {
                recording.rule = "no such model";
                recording.answered(404, "", List.of());
                answers.error(exchange, 404, request.model() == null || request.model().isBlank()
                        ? "model is required" : OllamaInfo.notFound(request.model()));
                return;
            }
            if (kind.get() == ModelCatalog.Kind.EMBEDDING && request.isChat()) {
                recording.rule = "embedding model asked to chat";
                recording.answered(400, "", List.of());
                answers.error(exchange, 400, "\"" + request.model() + "\" does not support chat");
                return;
            }
            Optional<ModelScript.Rule> matched = script.ruleFor(request);
            Reply reply = matched.map(ModelScript.Rule::reply).orElse(new Reply.Default());
            recording.rule = matched.map(r -> r.match().description()).orElse("default");
            while (reply instanceof Reply.Delayed delayed) {
                awaitClosing(delayed.delay());
                reply = delayed.then();
            }
            if (reply instanceof Reply.Failure failure) {
                recording.answered(failure.status(), "", List.of());
                answers.error(exchange, failure.status(), failure.message());
            } else if (reply instanceof Reply.Stall stall) {
                awaitClosing(stall.duration());
                recording.answered(0, "", List.of());
                exchange.close(); // no status line was sent: the connection just closes
            } else if (reply instanceof Reply.Drop) {
                recording.answered(0, "", List.of());
                exchange.close();
            } else if (request.isEmbedding()) {
                List<float[]> vectors = Embeddings.embed(inputs(request));
                recording.answered(200, "", List.of());
                answers.embeddings(exchange, request, vectors);
            } else if (reply instanceof Reply.ToolCalls toolCalls) {
                recording.answered(200, "", toolCalls.calls());
                answers.toolCalls(exchange, request, toolCalls.calls());
            } else if (reply instanceof Reply.Text scripted) {
                recording.answered(200, scripted.content(), List.of());
                answers.text(exchange, request, scripted.content(),
                        scripted.chunks().isEmpty() ? words(scripted.content()) : scripted.chunks());
            } else if (upstream.isPresent()) {
                recording.rule = "real model";
                upstream.get().forward(exchange, request, body,
                        real -> recording.answered(real.status(), real.text(), real.toolCalls()));
            } else {
                String text = defaultAnswers.reply(request);
                recording.answered(200, text, List.of());
                answers.text(exchange, request, text, words(text));
            }
        } finally {
            recording.answered(0, "", List.of()); // only if nothing was recorded: the answer broke off
        }
    }

    private void awaitClosing(Duration duration) {
        try {
            closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> inputs(ModelRequest request) {
        return request.messages().stream().map(m -> m.content()).toList();
    }

    /** Splits text into word chunks that keep their spaces, so the chunks add up to the text. */
    static List<String> words(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher matcher = WORD_WITH_SPACE.matcher(text);
        while (matcher.find()) {
            chunks.add(matcher.group());
        }
        if (chunks.isEmpty() && !text.isEmpty()) {
            chunks.add(text);
        }
        return chunks;
    }
}
