package dev.labkit.runner.provision;

import com.github.dockerjava.api.model.DeviceRequest;
import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.ollama.OllamaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Ollama in a container (Testcontainers), with the lab's models pulled and then committed to a
 * local image named after the Ollama image and the model set, so that the next start needs no
 * network and takes seconds. Closing stops the container.
 */
public final class ContainerModels implements AutoCloseable {

    /** Ollama 0.12 or newer: tool calls with ids, JSON-schema formats. Override with LABKIT_OLLAMA_IMAGE. */
    public static final String DEFAULT_IMAGE = "ollama/ollama:0.12.6";

    /** The repository of the images that cache a model set (tag: a hash of the image and the models). */
    public static final String CACHE_REPOSITORY = "labkit/ollama-models";

    private final OllamaContainer container;
    private final URI url;

    private ContainerModels(OllamaContainer container) {
        this.container = container;
        this.url = URI.create(container.getEndpoint());
    }

    /** The local image that holds {@code image} with exactly {@code models} pulled. */
    public static String cachedImage(String image, Collection<String> models) {
        return ModelCacheImages.name(CACHE_REPOSITORY, image, models);
    }

    /**
     * Starts Ollama from the cached image if there is one, else from {@code image}, pulls what is
     * missing with progress, and commits a new cache image.
     */
    public static ContainerModels start(String image, Collection<String> models, Consumer<String> progress,
            Map<String, String> environment) {
        DockerEngine.require(environment, "run models in containers", "use --models embedded");
        String cached = cachedImage(image, models);
        boolean fromCache = DockerEngine.imageExists(cached);
        progress.accept(fromCache ? "starting Ollama from " + cached : "starting Ollama from " + image);
        ContainerModels started = new ContainerModels(run(fromCache ? cached : image));
        try {
            new OllamaProvisioner(progress).ensure(started.url, models);
            if (!fromCache) {
                progress.accept("saving the models in " + cached + " for the next start");
                started.container.commitToImage(cached);
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /**
     * Testcontainers asks for every GPU when Docker lists an nvidia runtime; when that claim is
     * wrong (no GPU behind it) the start fails, and Ollama starts again on the CPU.
     */
    private static OllamaContainer run(String image) {
        OllamaContainer container = container(image);
        try {
            container.start();
            return container;
        } catch (RuntimeException first) {
            container.stop();
            OllamaContainer cpu = container(image).withCreateContainerCmdModifier(cmd -> {
                if (cmd.getHostConfig() != null) {
                    cmd.getHostConfig().withDeviceRequests(List.<DeviceRequest>of());
                }
            });
            try {
                cpu.start();
                System.err.println("warning: Ollama did not start with a GPU (" + first.getMessage()
                        + "); it runs on the CPU");
                return cpu;
            } catch (RuntimeException second) {
                cpu.stop();
                throw LabException.of("cannot start Ollama from " + image + " in Docker: " + second.getMessage()
                        + " (is the image pullable, or cached? try --models embedded)", second);
            }
        }
    }

    private static OllamaContainer container(String image) {
        return new OllamaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("ollama/ollama"))
                .waitingFor(Wait.forHttp("/api/version").forPort(11434).withStartupTimeout(Duration.ofMinutes(2)));
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        container.stop();
    }
}
