package dev.labkit.runner.containers;

import dev.labkit.runner.DockerEngine;
import org.testcontainers.DockerClientFactory;

/** Images the container tests make for themselves, removed when a test is done with them. */
final class TestImages {

    private TestImages() {}

    /** Removes {@code image} if it is there (a test may fail before making it). */
    static void remove(String image) {
        if (DockerEngine.imageExists(image)) {
            DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        }
    }
}
