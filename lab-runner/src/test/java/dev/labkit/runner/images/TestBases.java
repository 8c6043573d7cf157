package dev.labkit.runner.images;

import java.nio.file.Path;

/** The runner's Java base image for tests, cached in {@code target/} (made once per build, shared by the tests). */
final class TestBases {

    private TestBases() {}

    static JreBaseImage runnersJava() {
        return new JreBaseImage(Path.of(System.getProperty("java.home")), System.getProperty("java.version"),
                Path.of("target", "jre-base-cache").toAbsolutePath());
    }
}
