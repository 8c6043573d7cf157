package dev.labkit.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The progress of an image pull, from the messages Docker's API streams (no image can be pulled
 * here, so the stream is replayed: these are the shapes a real pull of a two-layer image sends).
 */
class ImagePullProgressTests {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final List<String> lines = new ArrayList<>();
    private final ImagePullProgress progress = new ImagePullProgress("eclipse-temurin:17-jre", lines::add);

    private void replay(String... messages) throws Exception {
        for (String message : messages) {
            progress.onNext(JSON.readValue(message, PullResponseItem.class));
        }
    }

    @Test
    void sumsTheLayersIntoOneLineForTheImage() throws Exception {
        replay("{\"status\":\"Pulling from library/eclipse-temurin\",\"id\":\"17-jre\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"a1\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1000000,\"total\":4000000},\"id\":\"a1\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":3000000,\"total\":6000000},\"id\":\"b2\"}",
                "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"a1\"}",
                "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":4000000,\"total\":4000000},\"id\":\"a1\"}");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("eclipse-temurin:17-jre   25%  1.0/4.0 MB  ").endsWith(" MB/s");
        assertThat(lines.get(1)).startsWith("eclipse-temurin:17-jre   40%  4.0/10.0 MB  ");
        assertThat(lines.get(2)).startsWith("eclipse-temurin:17-jre   70%  7.0/10.0 MB  ");
        assertThat(progress.error()).isNull();
    }

    @Test
    void keepsAnErrorThatComesInTheStream() throws Exception {
        replay("{\"errorDetail\":{\"message\":\"toomanyrequests: rate limit\"},\"error\":\"toomanyrequests: rate limit\"}");

        assertThat(progress.error()).isEqualTo("toomanyrequests: rate limit");
        assertThat(lines).isEmpty();
    }
}
