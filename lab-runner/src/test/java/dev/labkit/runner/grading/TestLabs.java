package dev.labkit.runner.grading;

import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.Limits;
import java.nio.file.Path;
import java.time.Duration;

/** The repository's labs and test apps, for tests that grade for real. */
public final class TestLabs {

    private TestLabs() {}

    public static Path home() {
        return Path.of(System.getProperty("labkit.home", "..")).toAbsolutePath().normalize();
    }

    public static LabManifest lab(String id) {
        return Catalog.load(home().resolve("labs")).require(id);
    }

    /** The lab with a shorter start limit, so tests of apps that never start end quickly. */
    public static LabManifest withStartLimit(LabManifest lab, Duration start) {
        Limits limits = lab.limits();
        return new LabManifest(lab.id(), lab.title(), lab.stage(), lab.summary(), lab.suite(), lab.models(), lab.env(),
                new Limits(limits.build(), start, limits.check(), limits.total()), lab.sandbox(), lab.scaffoldMaxScore(),
                lab.health(), lab.dir(), lab.learnerEdition(), lab.services(), lab.image(), lab.gradeAlone());
    }

    /** A test app under {@code src/test/resources/apps/}. */
    public static Path app(String name) {
        return home().resolve("lab-runner/src/test/resources/apps").resolve(name);
    }
}
