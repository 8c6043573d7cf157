package dev.labkit.runner.modelserver;

import com.sun.net.httpserver.HttpExchange;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers one model request: records it, refuses what Ollama refuses, picks the first matching
 * script rule (or the default answer, or the real model), has the API's {@link Answers} write it, and
 * records what was answered, whatever happens on the way.
 */
final class Responder {

    /** What a thinking model thinks before its answer (the same every time: the lab model is deterministic). */
    static final String THINKING = "The answer should come from the messages I was given. "
            + "I look for the sentence that answers the question.";

    /**
     * How long after its last chunk a broken stream drops: a model dies while it generates the next
     * chunk. Dropped at once, the JDK's HTTP client (langchain4j's) may report the broken connection
     * before it hands over the chunks that came with it, and the app could not relay them.
     */
    static final Duration DROP_AFTER_CHUNKS = Duration.ofMillis(300);

    private final ModelCatalog catalog;
    private final ModelScript script;
    private final ModelTraffic traffic;
    private final CountDownLatch closing;
    private final Optional<Upstream> upstream;
    private final DefaultResponder defaultAnswers;

    /** With {@code defaultAnswers} for requests no rule answers (a hub's seats share it: it keeps only a cache). */
    Responder(ModelCatalog catalog, ModelScript script, ModelTraffic traffic, CountDownLatch closing,
            Optional<Upstream> upstream, DefaultResponder defaultAnswers) {
        this.defaultAnswers = defaultAnswers;
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
     * Answers a request whose raw body is {@code body} (sent on unchanged to a real model), which arrived at
     * {@code arrivedNanos} ({@link System#nanoTime()}, the moment of its {@code receivedAt}).
     */
    void answer(HttpExchange exchange, ModelCall call, byte[] body, Answers answers, long arrivedNanos)
            throws IOException {
        ModelRequest request = call.request();
        Recording recording = new Recording(traffic, request, arrivedNanos);
        recording.watch(exchange);
        try {
            Optional<ModelProfile> profile = catalog.profileOf(request.model());
            Optional<Refusals.Refusal> refusal = profile.isEmpty() ? Optional.of(Refusals.unknownModel(request))
                    : Refusals.of(call, profile.get(), upstream.isEmpty());
            if (refusal.isPresent()) {
                recording.rule(refusal.get().rule());
                recording.answered(refusal.get().status(), "", List.of());
                answers.error(exchange, refusal.get().status(), refusal.get().message());
                return;
            }
            Optional<ModelScript.Rule> matched = script.ruleFor(request);
            Reply reply = matched.map(ModelScript.Rule::take).orElse(new Reply.Default());
            recording.rule(matched.map(r -> r.match().description()).orElse("default"));
            while (reply instanceof Reply.Delayed delayed) {
                awaitClosing(delayed.delay());
                reply = delayed.then();
            }
            if (reply instanceof Reply.BrokenStream broken && !request.stream()) {
                reply = broken.end(); // a whole answer cannot break mid-stream: it just fails
            }
            boolean real = upstream.isPresent() && reply instanceof Reply.Default;
            if (reply instanceof Reply.Failure failure) {
                recording.answered(failure.status(), "", List.of());
                answers.error(exchange, failure.status(), failure.message());
            } else if (reply instanceof Reply.Stall stall) {
                awaitClosing(stall.duration());
                recording.closeUnanswered(exchange);
            } else if (reply instanceof Reply.Drop) {
                recording.closeUnanswered(exchange);
            } else if (reply instanceof Reply.BrokenStream broken) {
                Completion completion = complete(call, profile.get(), String.join("", broken.chunks()),
                        broken.chunks());
                recording.answered(200, completion.contentText(), List.of()); // a broken stream reports no counts
                Optional<String> error = broken.end() instanceof Reply.Failure failure
                        ? Optional.of(failure.message()) : Optional.empty();
                answers.brokenStream(exchange, call, completion, error);
                if (broken.end() instanceof Reply.Stall stall) {
                    awaitClosing(stall.duration());
                } else if (broken.end() instanceof Reply.Drop) {
                    awaitClosing(DROP_AFTER_CHUNKS);
                }
                if (error.isEmpty()) {
                    recording.finish(); // the duration ends as the connection drops
                    throw new Wire.DroppedConnection();
                }
            } else if (request.isEmbedding()) {
                List<float[]> vectors = embed(call, profile.get());
                recording.answered(200, "", List.of(), answers.embeddingUsage(call, vectors));
                answers.embeddings(exchange, call, vectors);
            } else if (Refusals.nothingToGenerate(request) && !real) {
                Completion nothing = Completion.nothing(call.generation().unload() ? Completion.UNLOAD
                        : Completion.LOAD);
                recording.rule(nothing.doneReason());
                recording.answered(200, "", List.of(), answers.usage(call, nothing));
                answers.loaded(exchange, call, nothing);
            } else if (reply instanceof Reply.ToolCalls toolCalls) {
                recording.answered(200, "", toolCalls.calls(),
                        answers.usage(call, Completion.toolCalls(Wire.promptTokens(request))));
                answers.toolCalls(exchange, call, toolCalls.calls());
            } else if (reply instanceof Reply.Text scripted) {
                Completion completion = complete(call, profile.get(), scripted.content(),
                        scripted.chunks().isEmpty() ? Tokens.split(scripted.content()) : scripted.chunks());
                recording.answered(200, completion.contentText(), List.of(), answers.usage(call, completion));
                answers.text(exchange, call, completion);
            } else if (real) {
                recording.rule("real model");
                upstream.get().forward(exchange, request, body, answer -> recording.answered(answer.status(),
                        answer.text(), answer.toolCalls(), answer.usage()));
            } else {
                String text = defaultAnswers.reply(request);
                Completion completion = complete(call, profile.get(), text, Tokens.split(text));
                recording.answered(200, completion.contentText(), List.of(), answers.usage(call, completion));
                answers.text(exchange, call, completion);
            }
        } finally {
            recording.answered(0, "", List.of()); // only if nothing was noted: the answer broke off
            recording.finish(); // only if the answer's end did not record it
        }
    }

    /**
     * {@code text} as the model generates it: after its thinking when it thinks (a thinking model
     * thinks unless told {@code think: false}, as in Ollama 0.12.6), cut to the token limit.
     */
    private static Completion complete(ModelCall call, ModelProfile profile, String text, List<String> chunks) {
        ModelCall.Generation generation = call.generation();
        boolean thinks = profile.can(ModelProfile.THINKING) && (generation.think().isEmpty() || generation.thinkAsked());
        return Completion.of(thinks ? THINKING : "", text, chunks, generation.maxTokens(),
                Wire.promptTokens(call.request()));
    }

    /**
     * The vectors of the inputs, each cut to the model's context first (Ollama's {@code truncate},
     * on by default), as long as the model's, shortened to {@code dimensions} when asked.
     */
    private static List<float[]> embed(ModelCall call, ModelProfile profile) {
        int context = call.embedding().contextOf(profile);
        List<String> inputs = call.request().messages().stream().map(m -> Tokens.first(m.content(), context)).toList();
        return Embeddings.embed(inputs, profile.embeddingLength()).stream()
                .map(vector -> Embeddings.shortened(vector, call.embedding().dimensions())).toList();
    }

    private void awaitClosing(Duration duration) {
        try {
            closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
