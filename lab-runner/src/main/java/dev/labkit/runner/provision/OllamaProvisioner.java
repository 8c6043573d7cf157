package dev.labkit.runner.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.DownloadProgress;
import dev.labkit.runner.LabException;
import dev.labkit.runner.modelserver.LabModelServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes a real Ollama ready for a lab: checks it answers, and pulls the chat models it lacks
 * through {@code /api/pull}, reporting progress (name, bytes, percent, speed).
 */
public final class OllamaProvisioner {

    static final String DEFAULT_ADDRESS = "127.0.0.1:11434";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Consumer<String> progress;

    public OllamaProvisioner(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Settles the provider: a URL it checked and filled with the models, or why live checks cannot run. */
    public LiveModel provide(ModelProvider provider, Collection<String> chatModels, Map<String, String> environment) {
        if (provider instanceof ModelProvider.OllamaUrl url) {
            ensure(url.url(), chatModels);
            return LiveModel.at(url.url());
        }
        String image = environment.getOrDefault("LABKIT_OLLAMA_IMAGE", ContainerModels.DEFAULT_IMAGE);
        if (provider instanceof ModelProvider.Container) {
            return LiveModel.in(ContainerModels.start(image, chatModels, progress, environment));
        }
        if (provider instanceof ModelProvider.Auto) {
            URI url = ModelProvider.ollamaUrl(environment.getOrDefault("OLLAMA_HOST", DEFAULT_ADDRESS));
            Optional<String> problem = probe(url);
            if (problem.isEmpty()) {
                ensure(url, chatModels);
                return LiveModel.at(url);
            }
            // Only a look, bounded in time: auto never pulls, and never waits long for an engine that may not serve.
            Optional<String> docker = DockerEngine.reaperDisabled(environment)
                    ? DockerEngine.problem(DockerEngine.LOOK_LIMIT)
                    : Optional.of(DockerEngine.NO_REAPER + " is not true");
            if (docker.isEmpty() && (DockerEngine.imageExists(ContainerModels.cachedImage(image, chatModels))
                    || DockerEngine.imageExists(image))) {
                return LiveModel.in(ContainerModels.start(image, chatModels, progress, environment));
            }
            return LiveModel.none("no real model is available (" + problem.get() + ", and "
                    + docker.map(why -> "Docker cannot serve one: " + why).orElse("no local Ollama image for Docker")
                    + "): this run uses the embedded, scripted lab model");
        }
        return LiveModel.none("no real model is available: this run uses the embedded, scripted lab model "
                + "(--models embedded)");
    }

    /**
     * What answers {@code GET /api/version} at an address.
     *
     * @param status the HTTP status (for {@link Kind#OTHER})
     * @param version the body of Ollama's answer (for {@link Kind#OLLAMA})
     */
    public record Answer(Kind kind, int status, String version) {
        public enum Kind { NOTHING, LAB_MODEL, OTHER, OLLAMA }
    }

    /** Asks {@code url} what it is: no answer, a LabKit lab model, something else, or a real Ollama. */
    public Answer ask(URI url) {
        try {
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(url.resolve("/api/version"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (version.headers().firstValue(LabModelServer.LAB_MODEL_HEADER).isPresent()) {
                return new Answer(Answer.Kind.LAB_MODEL, version.statusCode(), "");
            }
            return version.statusCode() == 200 ? new Answer(Answer.Kind.OLLAMA, 200, version.body().strip())
                    : new Answer(Answer.Kind.OTHER, version.statusCode(), "");
        } catch (IOException e) {
            return new Answer(Answer.Kind.NOTHING, 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.Kind.NOTHING, 0, "");
        }
    }

    /** Empty when a real Ollama answers at {@code url}, else what is wrong. */
    Optional<String> probe(URI url) {
        Answer answer = ask(url);
        return switch (answer.kind()) {
            case OLLAMA -> Optional.empty();
            case LAB_MODEL -> Optional.of(url + " is a LabKit lab model, not a real one");
            case OTHER -> Optional.of(url + " answered " + answer.status() + " to /api/version");
            case NOTHING -> Optional.of("no Ollama answers at " + url);
        };
    }

    /** Checks the Ollama at {@code url} answers, and pulls every model it lacks. */
    void ensure(URI url, Collection<String> chatModels) {
        probe(url).filter(problem -> problem.startsWith("no Ollama")).ifPresent(problem -> {
            throw LabException.of(problem + ": start it (`ollama serve`), or run with --models embedded");
        });
        Set<String> present = installed(url);
        for (String model : chatModels) {
            if (!present.contains(LabModelServer.fullModelName(model))) {
                pull(url, model);
            }
        }
    }

    /** The models the Ollama at {@code url} has, as full names ({@code name:tag}). */
    public Set<String> installed(URI url) {
        try {
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(url.resolve("/api/tags"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> names = new HashSet<>();
            JSON.readTree(tags.body()).path("models").forEach(m -> names.add(LabModelServer.fullModelName(m.path("name").asText())));
            return names;
        } catch (IOException e) {
            throw LabException.of("cannot list the models of the Ollama at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while listing models at " + url);
        }
    }

    private void pull(URI url, String model) {
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url.resolve("/api/pull"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("model", model)
                            .put("stream", true).toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    throw LabException.of("pulling " + model + " from " + url + " failed with status "
                            + response.statusCode() + ": " + lines.readLine() + "; pull it yourself (`ollama pull "
                            + model + "`) or run with --models embedded");
                }
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode status = JSON.readTree(line);
                    if (status.has("error")) {
                        throw LabException.of("pulling " + model + " from " + url + " failed: "
                                + status.get("error").asText() + "; pull it yourself (`ollama pull " + model
                                + "`) or run with --models embedded");
                    }
                    progress.accept(describe(model, status, System.nanoTime() - started));
                }
            }
        } catch (IOException e) {
            throw LabException.of("pulling " + model + " from " + url + " broke off: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabException.of("interrupted while pulling " + model);
        }
    }

    /** {@code qwen2.5:0.5b  45%  180.0/397.8 MB  12.3 MB/s}, or the status Ollama gave. */
    static String describe(String model, JsonNode status, long elapsedNanos) {
        long total = status.path("total").asLong(0);
        long completed = status.path("completed").asLong(0);
        if (total <= 0) {
            return model + "  " + status.path("status").asText("");
        }
        return DownloadProgress.line(model, completed, total, elapsedNanos);
    }
}
