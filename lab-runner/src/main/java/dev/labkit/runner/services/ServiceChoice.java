package dev.labkit.runner.services;

import dev.labkit.runner.LabException;
import java.util.Locale;

/** Which provider serves a lab's services ({@code lab check --services}): {@code auto} tries them in order. */
public enum ServiceChoice {
    /** A URL the user gave, else a container, else a local process, else an embedded server: the first that can. */
    AUTO,
    /** A container through Testcontainers, from a local image (never pulled). */
    CONTAINER,
    /** A server installed on this machine, run as a local process. */
    PROCESS,
    /** A server in the runner's own JVM. */
    EMBEDDED;

    /** Its name on the command line and in results: {@code auto}, {@code container}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto|container|process|embedded}; anything else is a one-line usage error. */
    public static ServiceChoice parse(String text) {
        for (ServiceChoice choice : values()) {
            if (choice.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw LabException.of("--services " + text + ": expected auto, container, process or embedded");
    }
}
