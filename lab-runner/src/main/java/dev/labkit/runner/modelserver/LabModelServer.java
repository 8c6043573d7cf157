package dev.labkit.runner.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.LoopbackServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The lab model: Ollama's API at {@code /api/*} and OpenAI's at {@code /v1/*} (chat, completions,
 * embeddings, and the audio API: {@code /v1/audio/speech} and {@code /v1/audio/transcriptions}), answering by a
 * {@link ModelScript} and recording into a {@link ModelTraffic}. Each one is a seat of a {@link LabModelHub}
 * ({@link LabModelHub#seat}), which shares its thread pool with the hub's other seats; {@link #start} opens
 * one alone, on a hub of its own. {@link #close} stops it (its port closes) and wakes its own stalled requests.
 * While the script is {@link ModelScript#goDown() down}, every request on any path has its connection closed
 * unanswered and unrecorded. Requests are answered concurrently, up to {@value LabModelHub#THREADS_PER_SEAT}
 * at once; a request's {@code receivedAt} is when it arrived, and its exchange's duration ends with the
 * answer's last byte (see {@link Recording}).
 */
public final class LabModelServer implements AutoCloseable {

    /** A header on every answer, so that nothing mistakes a lab model for a real one. */
    public static final String LAB_MODEL_HEADER = "X-LabKit-Lab-Model";

    /** The methods each endpoint answers; Ollama answers {@code HEAD} on a few of them only (server/routes.go). */
    private static final List<String> GET = List.of("GET");
    private static final List<String> GET_HEAD = List.of("GET", "HEAD");
    private static final List<String> POST = List.of("POST");

    /** OpenAI's model endpoint: {@code GET /v1/models/{model}}. */
    private static final String MODELS = "/v1/models/";

    /**
     * What to serve.
     *
     * @param address where to listen; port 0 picks a free port
     * @param script the rules checks add
     * @param traffic where every request and answer is recorded
     * @param chatModels chat model names served
     * @param embeddingModels embedding model names served
     * @param upstream a real Ollama that answers the chat requests no rule answers (live mode), or
     *     null: the default answer. Embeddings are always computed in-process.
     * @param pulledModels a file that keeps the names of pulled models across restarts (as Ollama
     *     keeps its models on disk, so that a container committed to an image still has them), or null
     * @param speechUpstream a real speech server with OpenAI's audio API (its base URL, ending in
     *     {@code /v1}) that answers the transcription and speech requests no rule answers (live mode), or
     *     null: the lab model's own speech defaults
     * @param clipTranscripts the exact transcripts of known audio clips (a lab's fixture clips), by the
     *     SHA-256 of the clip's bytes (64 lowercase hex digits)
     */
    public record Config(InetSocketAddress address, ModelScript script, ModelTraffic traffic,
            Set<String> chatModels, Set<String> embeddingModels, URI upstream, Path pulledModels,
            double pullMegabytesPerSecond, URI speechUpstream, Map<String, String> clipTranscripts) {

        public Config(InetSocketAddress address, ModelScript script, ModelTraffic traffic, Set<String> chatModels,
                Set<String> embeddingModels, URI upstream, Path pulledModels, double pullMegabytesPerSecond) {
            this(address, script, traffic, chatModels, embeddingModels, upstream, pulledModels, pullMegabytesPerSecond,
                    null, Map.of());
        }

        public Config {
            clipTranscripts = Map.copyOf(clipTranscripts);
            Objects.requireNonNull(address, "address");
            if (pullMegabytesPerSecond < 0) {
                throw new IllegalArgumentException("the pull speed must be 0 (instant) or positive");
            }
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(traffic, "traffic");
            chatModels = Set.copyOf(chatModels);
            embeddingModels = Set.copyOf(embeddingModels);
        }

        /** The lab model alone, with no real model behind it. */
        public Config(InetSocketAddress address, ModelScript script, ModelTraffic traffic, Set<String> chatModels,
                Set<String> embeddingModels) {
            this(address, script, traffic, chatModels, embeddingModels, null, null, 0);
        }

        /** This configuration with a speech server behind it (or null) and these known clips. */
        public Config withSpeech(URI speechUpstream, Map<String, String> clipTranscripts) {
            return new Config(address, script, traffic, chatModels, embeddingModels, upstream, pulledModels,
                    pullMegabytesPerSecond, speechUpstream, clipTranscripts);
        }

        /** The lab model in front of a real model. */
        public Config(InetSocketAddress address, ModelScript script, ModelTraffic traffic, Set<String> chatModels,
                Set<String> embeddingModels, URI upstream) {
            this(address, script, traffic, chatModels, embeddingModels, upstream, null, 0);
        }
    }

    private final HttpServer server;
    private final SeatExecutor threads;
    private final Consumer<LabModelServer> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ModelCatalog catalog;
    private final OllamaInfo info;
    private final Responder responder;
    private final AudioResponder audio;
    private final Answers ollama = new OllamaAnswers();
    private final Answers openAi = new OpenAiAnswers();
    private final RequestLog log;
    private final ModelScript script;

    private LabModelServer(Config config, RequestLog log, SeatExecutor threads, DefaultResponder defaultAnswers,
            Consumer<LabModelServer> onClose) throws IOException {
        this.log = log;
        this.threads = threads;
        this.onClose = onClose;
        this.script = config.script();
        catalog = new ModelCatalog(config.chatModels(), config.embeddingModels(),
                Optional.ofNullable(config.pulledModels()));
        info = new OllamaInfo(catalog, config.pullMegabytesPerSecond());
        responder = new Responder(catalog, config.script(), config.traffic(), closing,
                Optional.ofNullable(config.upstream()).map(Upstream::new), defaultAnswers);
        audio = new AudioResponder(config.script(), config.traffic(), closing,
                Optional.ofNullable(config.speechUpstream()).map(SpeechUpstream::new),
                new SpeechDefaults(config.clipTranscripts()));
        server = LoopbackServers.create(config.address(), threads);
        server.createContext("/", this::route);
    }

    /**
     * A seat of a hub, listening at once: its handlers run on {@code threads}, its default answers come from the
     * hub's {@code defaultAnswers}, and {@code onClose} hears once that it closed.
     */
    static LabModelServer open(Config config, RequestLog log, SeatExecutor threads, DefaultResponder defaultAnswers,
            Consumer<LabModelServer> onClose) throws IOException {
        LabModelServer model = new LabModelServer(config, log, threads, defaultAnswers, onClose);
        model.server.start();
        return model;
    }

    /**
     * Starts a lab model alone (a hub of its own, closed with it), listening at once; the embedding model loads
     * when it is first needed (see {@link #loadEmbeddingModelInBackground}).
     */
    public static LabModelServer start(Config config) throws IOException {
        return start(config, RequestLog.OFF);
    }

    /**
     * Starts a lab model alone, as {@link #start(Config)}, that writes a line to {@code log} for each request
     * when it is answered ({@code lab model serve}); grading logs nothing.
     */
    public static LabModelServer start(Config config, RequestLog log) throws IOException {
        LabModelHub own = new LabModelHub();
        try {
            return own.seat(config, Objects.requireNonNull(log, "log"), true);
        } catch (IOException | RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * Starts loading the in-process embedding model in the background, once per JVM (about a second of
     * one core), so that neither the first embedding nor the first default answer waits for it. The
     * grader does it while the submission builds (every lab's default answer uses the model); elsewhere
     * (lab model serve) the model loads on first use.
     */
    public static void loadEmbeddingModelInBackground() {
        SentenceVectors.loadInProcessModel();
    }

    /**
     * Starts loading the speech synthesiser's voice (FreeTTS kevin16) in the background, once per JVM
     * (about 2 s of one core), so that the first {@code /v1/audio/speech} request does not wait for it.
     * Worth it where apps speak (a lab with a {@code tts} model); elsewhere the voice loads on first use.
     */
    public static void loadSpeechInBackground() {
        SpeechSynthesizer.loadInBackground();
    }

    /**
     * Before the JVM exits: waits for a background load of the embedding model to end (it takes about a
     * second; at most 30 s are waited). Exiting during the load crashes the process: see
     * {@link SentenceVectors#awaitLoad}.
     */
    public static void awaitEmbeddingModelLoad() {
        try {
            SentenceVectors.awaitLoad(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A model's full name as Ollama lists it: {@code name} and {@code name:latest} are the same model. */
    public static String fullModelName(String name) {
        return ModelCatalog.withTag(name);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The URL apps get as {@code LAB_SPEECH_BASE_URL}: OpenAI's audio API is served here, on the same
     * port, at {@code <base>/v1} (OpenAI's clients take a base URL ending in {@code /v1}).
     */
    public URI speechBaseUrl() {
        return URI.create(baseUrl() + "/v1");
    }

    /** The URL apps get as {@code OLLAMA_BASE_URL}, without a trailing slash. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /** Closes the port, wakes this seat's stalled requests and interrupts its running ones; again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        LoopbackServers.stop(server);
        threads.close();
        onClose.accept(this);
    }

    private void route(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        long arrivedNanos = System.nanoTime();
        if (script.isDown()) {
            // Down, as a crashed server: the connection closes without a status line (as a Drop), and
            // nothing is recorded or logged.
            exchange.close();
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        RequestLog.Entry entry = log.begin(method, path);
        Answers api = entry.watching(path.startsWith("/v1/") ? openAi : ollama);
        exchange.getResponseHeaders().set(LAB_MODEL_HEADER, "true");
        boolean dropped = false;
        try {
            dispatch(exchange, method, path, api, entry, arrived, arrivedNanos);
        } catch (Wire.DroppedConnection e) {
            // Not closing the exchange, and throwing, makes the JDK server close the socket without
            // ending the chunked body: the client sees the answer break off.
            dropped = true;
            throw e;
        } catch (Wire.BadRequest e) {
            api.badRequest(exchange, e.getMessage());
        } catch (IOException e) {
            // The app closed the connection mid-answer; the exchange is recorded already.
            entry.brokeOff();
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: e.g. the ONNX runtime's native library cannot load on this system.
            api.error(exchange, 500, "lab model fault: " + e);
        } finally {
            if (!dropped) {
                exchange.close();
            }
            // After the close: a stream's last chunk is out, and the duration is the app's wait.
            entry.finished(exchange.getResponseCode());
        }
    }

    /** One endpoint's work; it may read the body and fail on it. */
    private interface Action {
        void run() throws IOException, Wire.BadRequest;
    }

    /** Answers a request that arrived at {@code arrived}, or {@code arrivedNanos} by {@link System#nanoTime()}. */
    private void dispatch(HttpExchange exchange, String method, String path, Answers api, RequestLog.Entry entry,
            Instant arrived, long arrivedNanos) throws IOException, Wire.BadRequest {
        switch (path) {
            case "/", "/api", "/api/" -> on(exchange, method, GET_HEAD, () -> Wire.sendText(exchange, 200, "Ollama is running"));
            case "/api/version" -> on(exchange, method, GET_HEAD, () -> info.version(exchange));
            case "/api/tags" -> on(exchange, method, GET_HEAD, () -> info.tags(exchange));
            case "/api/ps" -> on(exchange, method, GET, () -> info.ps(exchange));
            case "/v1/models" -> on(exchange, method, GET, () -> info.openAiModels(exchange));
            case "/api/show" -> on(exchange, method, POST, () -> info.show(exchange, Wire.readJson(exchange)));
            case "/api/pull" -> on(exchange, method, POST, () -> info.pull(exchange, Wire.readJson(exchange)));
            case "/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/v1/chat/completions",
                    "/v1/completions", "/v1/embeddings" -> on(exchange, method, POST,
                            () -> {
                                byte[] body = exchange.getRequestBody().readAllBytes();
                                ModelCall call = read(path, Wire.parse(body), arrived);
                                entry.read(call);
                                responder.answer(exchange, call, body, api, arrivedNanos);
                            });
            case AudioCall.TRANSCRIPTIONS, AudioCall.SPEECH -> on(exchange, method, POST,
                    () -> answerAudio(exchange, path, entry, arrived, arrivedNanos));
            default -> {
                String model = path.startsWith(MODELS) ? path.substring(MODELS.length()) : "";
                if (!model.isEmpty() && !model.contains("/")) {
                    on(exchange, method, GET, () -> info.openAiModel(exchange, model));
                } else {
                    Wire.sendText(exchange, 404, "404 page not found");
                }
            }
        }
    }

    /**
     * OpenAI's audio API: reads the request (a 400 as OpenAI words it when it cannot), numbers it and has
     * the {@link AudioResponder} answer it.
     */
    private void answerAudio(HttpExchange exchange, String path, RequestLog.Entry entry, Instant arrived,
            long arrivedNanos) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        AudioCall call;
        try {
            call = path.equals(AudioCall.TRANSCRIPTIONS) ? AudioCall.transcription(body, contentType)
                    : AudioCall.speech(body, contentType);
        } catch (AudioCall.Invalid e) {
            entry.refused(e.getMessage());
            AudioAnswers.error(exchange, 400, e.getMessage(), e.param());
            return;
        }
        call = call.numbered(responder.nextRequestNumber(), arrived);
        entry.read(call.request());
        audio.answer(exchange, call, entry, arrivedNanos);
    }

    /** Runs {@code action} when the method is one of {@code allowed}, else 405 with an {@code Allow} header. */
    private static void on(HttpExchange exchange, String method, List<String> allowed, Action action)
            throws IOException, Wire.BadRequest {
        if (allowed.contains(method)) {
            action.run();
            return;
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        Wire.sendText(exchange, 405, "405 method not allowed");
    }

    /** Reads a model request; it gets its number only once it is known to be readable, so that numbers have no gaps. */
    private ModelCall read(String path, JsonNode body, Instant arrived) throws Wire.BadRequest {
        ModelCall call = switch (path) {
            case "/api/chat" -> OllamaRequests.chat(body);
            case "/api/generate" -> OllamaRequests.generate(body);
            case "/api/embed", "/api/embeddings" -> OllamaRequests.embed(body, path);
            case "/v1/chat/completions" -> OpenAiRequests.chat(body);
            case "/v1/completions" -> OpenAiRequests.completion(body);
            case "/v1/embeddings" -> OpenAiRequests.embed(body);
            default -> throw new IllegalArgumentException("not a model endpoint: " + path);
        };
        return call.numbered(responder.nextRequestNumber(), arrived);
    }
}
