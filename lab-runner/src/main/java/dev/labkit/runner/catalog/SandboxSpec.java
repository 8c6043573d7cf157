package dev.labkit.runner.catalog;

import java.util.Optional;

/**
 * What a lab's apps get in the container sandbox ({@code sandbox:} in {@code lab.yaml}).
 *
 * @param image the base image for apps started by a {@code start:} command (default: the JRE image
 *     that runs jar apps); it needs a {@code sh}
 * @param cpus the CPU limit, in cores
 * @param memoryBytes the memory limit (the app's {@code /tmp} counts against it)
 */
public record SandboxSpec(Optional<String> image, double cpus, long memoryBytes) {

    public static final SandboxSpec DEFAULT = new SandboxSpec(Optional.empty(), 1.0, 1L << 30);

    public SandboxSpec {
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive, got " + cpus);
        }
        if (memoryBytes < (64L << 20)) {
            throw new IllegalArgumentException("memory must be at least 64m, got " + memoryBytes + " bytes");
        }
    }
}
