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

    /** Answers a request whose raw body is {@code body} (sent on unchanged to a real model). */
    void answer(HttpExchange exchange, ModelRequest request, byte[] body, Answers answers) throws IOException {
        long started = System.nanoTime();
        traffic.received(request);
        int status = 200;
        String text = "";
        List<ToolCall> calls = List.of();
        String rule = "default";
        try {
            Optional<ModelCatalog.Kind> kind = catalog.kindOf(request.model());
            if (kind.isEmpty()) {
                rule = "no such model";
                status = 404;
                answers.error(exchange, status, request.model() == null || request.model().isBlank()
                        ? "model is required" : OllamaInfo.notFound(request.model()));
                return;
            }
            if (kind.get() == ModelCatalog.Kind.EMBEDDING && request.isChat()) {
                rule = "embedding model asked to chat";
                status = 400;
                answers.error(exchange, status, "\"" + request.model() + "\" does not support chat");
                return;
            }
            Optional<ModelScript.Rule> matched = script.ruleFor(request);
            Reply reply = matched.map(ModelScript.Rule::reply).orElse(new Reply.Default());
            rule = matched.map(r -> r.match().description()).orElse("default");
            while (reply instanceof Reply.Delayed delayed) {
                awaitClosing(delayed.delay());
                reply = delayed.then();
            }
            if (reply instanceof Reply.Failure failure) {
                status = failure.status();
                answers.error(exchange, status, failure.message());
            } else if (reply instanceof Reply.Stall stall) {
                status = 0;
                awaitClosing(stall.duration());
                exchange.close(); // no status line was sent: the connection just closes
            } else if (reply instanceof Reply.Drop) {
                status = 0;
                exchange.close();
            } else if (request.isEmbedding()) {
                answers.embeddings(exchange, request, Embeddings.embed(inputs(request)));
            } else if (reply instanceof Reply.ToolCalls toolCalls) {
                calls = toolCalls.calls();
                answers.toolCalls(exchange, request, calls);
            } else if (reply instanceof Reply.Text scripted) {
                text = scripted.content();
                answers.text(exchange, request, text, scripted.chunks().isEmpty() ? words(text) : scripted.chunks());
            } else if (upstream.isPresent()) {
                rule = "real model";
                Upstream.Answer real = upstream.get().forward(exchange, request, body);
                status = real.status();
                text = real.text();
                calls = real.toolCalls();
            } else {
                text = DefaultResponder.reply(request);
                answers.text(exchange, request, text, words(text));
            }
        } finally {
            traffic.answered(new ModelExchange(request, status, text, calls, rule,
                    Duration.ofNanos(System.nanoTime() - started)));
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
