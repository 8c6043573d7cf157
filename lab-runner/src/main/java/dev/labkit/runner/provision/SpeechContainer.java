package dev.labkit.runner.provision;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A speech server in a container (Testcontainers), with OpenAI's audio API on port {@value #PORT}: the lab's
 * speech models downloaded through its model API, then the container committed to a local image named after
 * the server image and the model set, so that the next start needs no network and takes seconds (speaches
 * keeps its models in the container's file system, in {@code /home/ubuntu/.cache/huggingface/hub}, which no
 * volume hides). Closing stops the container.
 */
public final class SpeechContainer implements AutoCloseable {

    /** The image to run instead of {@link #DEFAULT_IMAGE}. */
    public static final String IMAGE_VARIABLE = "LABKIT_SPEECH_IMAGE";

    /**
     * speaches 0.8.3 on the CPU (MIT; faster-whisper for speech-to-text, Kokoro and Piper for speech):
     * ghcr.io, tags {@code <version>-cpu} (its .github/workflows/docker-build-and-push.yaml).
     */
    public static final String DEFAULT_IMAGE = "ghcr.io/speaches-ai/speaches:0.8.3-cpu";

    /** The repository of the images that cache a model set (tag: a hash of the image and the models). */
    public static final String CACHE_REPOSITORY = "labkit/speech-models";

    /** Where speaches listens (UVICORN_PORT in its Dockerfile). */
    public static final int PORT = 8000;

    /**
     * Answered by speaches and by the lab model image alike (a stand-in here), once the server serves:
     * speaches' {@code /health} is not one the lab model has.
     */
    static final String READY_PATH = "/v1/models";

    private final GenericContainer<?> container;
    private final URI url;

    private SpeechContainer(GenericContainer<?> container) {
        this.container = container;
        this.url = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT) + "/v1");
    }

    /** {@code LABKIT_SPEECH_IMAGE}, else {@link #DEFAULT_IMAGE}. */
    public static String image(Map<String, String> environment) {
        String image = environment.getOrDefault(IMAGE_VARIABLE, "").strip();
        return image.isEmpty() ? DEFAULT_IMAGE : image;
    }

    /** The local image that holds {@code image} with exactly {@code models} downloaded. */
    public static String cachedImage(String image, Collection<String> models) {
        return ModelCacheImages.name(CACHE_REPOSITORY, image, models);
    }

    /**
     * Starts the speech server from the cached image if there is one, else from {@code image}, downloads what
     * is missing with progress, and commits a new cache image.
     *
     * @throws LabException when Docker cannot run it, the image cannot be had, it does not answer within
     *     3 minutes, or a model cannot be downloaded
     */
    public static SpeechContainer start(String image, Collection<String> models, Consumer<String> progress,
            Map<String, String> environment) {
        DockerEngine.require(environment, "run a speech server in a container", "use --models embedded");
        String cached = cachedImage(image, models);
        boolean fromCache = DockerEngine.imageExists(cached);
        progress.accept("starting the speech server from " + (fromCache ? cached : image));
        SpeechContainer started = new SpeechContainer(run(fromCache ? cached : image));
        try {
            new SpeechProvisioner(progress).ensure(started.url, models);
            if (!fromCache) {
                progress.accept("saving the speech models in " + cached + " for the next start");
                commit(started.container, cached);
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private static GenericContainer<?> run(String image) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(PORT)
                .waitingFor(Wait.forHttp(READY_PATH).forPort(PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        try {
            container.start();
            return container;
        } catch (RuntimeException e) {
            container.stop();
            throw LabException.of("cannot start the speech server " + image + " in Docker: "
                    + LabException.firstLine(e.getMessage(), e.toString())
                    + " (is the image pullable, or cached? set " + IMAGE_VARIABLE + ", or try --models embedded)", e);
        }
    }

    /** As Testcontainers' OllamaContainer.commitToImage: the image keeps no session label, so nothing reaps it. */
    private static void commit(GenericContainer<?> container, String image) {
        DockerImageName name = DockerImageName.parse(image);
        DockerClientFactory.instance().client().commitCmd(container.getContainerId())
                .withRepository(name.getUnversionedPart()).withTag(name.getVersionPart())
                .withLabels(Map.of("org.testcontainers.sessionId", "")).exec();
    }

    /** The speech server's OpenAI-style base URL, ending in {@code /v1}, where Docker publishes it. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        container.stop();
    }
}
