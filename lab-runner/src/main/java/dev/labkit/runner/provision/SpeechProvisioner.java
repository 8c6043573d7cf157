package dev.labkit.runner.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Makes a real speech server ready for a lab's {@code stt} and {@code tts} models: one with OpenAI's audio API
 * ({@code /v1/audio/transcriptions}, {@code /v1/audio/speech}) and speaches' model API, which is how
 * speaches (https://speaches.ai, src/speaches/routers/models.py) manages models: {@code GET /v1/models}
 * lists the models it has ({@code {"data": [{"id": ...}]}}), {@code POST /v1/models/{id}} downloads one from
 * Hugging Face (200 downloaded, 201 already there; synchronous, with no progress of its own, so the wait
 * is reported every few seconds).
 */
public final class SpeechProvisioner {

    /** A speech server the user runs: its base URL, with or without {@code /v1}. Also {@code --speech-url}. */
    public static final String URL_VARIABLE = "LABKIT_SPEECH_URL";

    /** The voice apps get as {@code LAB_TTS_VOICE} from a real speech server. */
    public static final String VOICE_VARIABLE = "LABKIT_SPEECH_VOICE";

    /** Kokoro's default voice in speaches' docs (docs/usage/text-to-speech.md). */
    public static final String DEFAULT_VOICE = "af_heart";

    /** Model ids as Hugging Face names them ({@code owner/name}); nothing that would change the path. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

    /** A model of a few hundred MB over a slow line; the app's own limits do not apply here. */
    private static final Duration DOWNLOAD_LIMIT = Duration.ofMinutes(30);

    private static final Duration TICK = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Consumer<String> progress;

    public SpeechProvisioner(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Settles the speech server for {@code models} (the lab's speech model ids): {@code LABKIT_SPEECH_URL}
     * when set (checked, and filled with the models), else a container for {@code --models container} (and
     * for {@code auto} when Docker answers and the image is local: auto never downloads an image), else
     * none, with the reason in one line.
     */
    public LiveSpeech provide(ModelProvider provider, Collection<String> models, Map<String, String> environment) {
        if (provider instanceof ModelProvider.Embedded) {
            return LiveSpeech.none("no real speech server: this run uses the lab model's own speech (--models embedded)");
        }
        String voice = voice(environment);
        Optional<URI> url = Optional.ofNullable(environment.get(URL_VARIABLE)).filter(u -> !u.isBlank())
                .map(SpeechProvisioner::v1);
        if (url.isPresent()) {
            ensure(url.get(), models);
            return LiveSpeech.at(url.get(), voice);
        }
        String image = SpeechContainer.image(environment);
        if (provider instanceof ModelProvider.Container) {
            return LiveSpeech.in(SpeechContainer.start(image, models, progress, environment), voice);
        }
        if (provider instanceof ModelProvider.Auto) {
            Optional<String> docker = DockerEngine.reaperDisabled(environment)
                    ? DockerEngine.problem(DockerEngine.LOOK_LIMIT)
                    : Optional.of(DockerEngine.NO_REAPER + " is not true");
            if (docker.isEmpty() && (DockerEngine.imageExists(SpeechContainer.cachedImage(image, models))
                    || DockerEngine.imageExists(image))) {
                return LiveSpeech.in(SpeechContainer.start(image, models, progress, environment), voice);
            }
            return LiveSpeech.none("no real speech server is available (" + URL_VARIABLE + " is not set, and "
                    + docker.map(why -> "Docker cannot serve one: " + why).orElse("no local " + image + " for Docker")
                    + "): this run uses the lab model's own speech");
        }
        return LiveSpeech.none("no real speech server is available (" + URL_VARIABLE + " is not set, and --models url="
                + " names an Ollama only): set " + URL_VARIABLE + " or --speech-url, or use --models container");
    }

    /** The voice a real speech server speaks with: {@code LABKIT_SPEECH_VOICE}, else {@value #DEFAULT_VOICE}. */
    public static String voice(Map<String, String> environment) {
        return Optional.ofNullable(environment.get(VOICE_VARIABLE)).map(String::strip).filter(v -> !v.isEmpty())
                .orElse(DEFAULT_VOICE);
    }

    /**
     * A speech server's address as users write it ({@code host:port}, {@code http://host:port} or the
     * same ending in {@code /v1}) as its OpenAI-style base URL, ending in {@code /v1}.
     */
    public static URI v1(String address) {
        String url = address.strip().replaceAll("/+$", "");
        if (!url.contains("://")) {
            url = "http://" + url;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("no host");
            }
            return URI.create(url.endsWith("/v1") ? url : url + "/v1");
        } catch (IllegalArgumentException e) {
            throw LabException.of("'" + address + "' is not a speech server address: write http://host:port"
                    + " (e.g. http://127.0.0.1:8000), as " + URL_VARIABLE + " or --speech-url");
        }
    }

    /** Empty when a speech server's model API answers at {@code v1}, else what is wrong. */
    public Optional<String> probe(URI v1) {
        try {
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(v1 + "/models"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (models.statusCode() != 200) {
                return Optional.of(v1 + "/models answered " + models.statusCode() + ": not a speech server");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no speech server answers at " + v1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking " + v1);
        }
    }

    /** Checks the speech server at {@code v1} answers, and downloads every model it lacks. */
    void ensure(URI v1, Collection<String> models) {
        probe(v1).ifPresent(problem -> {
            throw LabException.of(problem + ": start it, or unset " + URL_VARIABLE + " (live speech checks are"
                    + " then skipped)");
        });
        Set<String> present = installed(v1);
        for (String model : models) {
            if (!present.contains(model)) {
                pull(v1, model);
            }
        }
    }

    /** The model ids the speech server at {@code v1} has ({@code GET /v1/models}). */
    public Set<String> installed(URI v1) {
        try {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(v1 + "/models"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> ids = new LinkedHashSet<>();
            JSON.readTree(list.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
            return ids;
        } catch (IOException e) {
            throw LabException.of("cannot list the models of the speech server at " + v1 + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while listing the models at " + v1);
        }
    }

    /** {@code POST /v1/models/{id}}, with a progress line every {@link #TICK} while it downloads. */
    private void pull(URI v1, String model) {
        if (!MODEL_ID.matcher(model).matches() || model.contains("..")) {
            throw LabException.of("'" + model + "' is not a speech model id: write it as Hugging Face names it"
                    + " (e.g. Systran/faster-whisper-small) in lab.yaml");
        }
        String fix = "; download it yourself (curl -X POST " + v1 + "/models/" + model + ") or run with"
                + " --models embedded";
        long started = System.nanoTime();
        progress.accept(model + "  downloading");
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                URI.create(v1 + "/models/" + model)).timeout(DOWNLOAD_LIMIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response;
            while (true) {
                try {
                    response = answer.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    progress.accept(model + "  downloading (" + seconds(started) + " s)");
                }
            }
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw LabException.of("downloading the speech model " + model + " at " + v1 + " failed with status "
                        + response.statusCode() + ": " + LabException.firstLine(response.body(), "no reason given")
                        + fix);
            }
            progress.accept(model + "  " + (response.statusCode() == 201 ? "already there" : "downloaded in "
                    + seconds(started) + " s"));
        } catch (ExecutionException e) {
            throw LabException.of("downloading the speech model " + model + " at " + v1 + " broke off: "
                    + LabException.firstLine(e.getCause().getMessage(), e.getCause().toString()) + fix, e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while downloading " + model);
        }
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }
}
