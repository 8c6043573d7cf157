package dev.labkit.runner.intake;

/** Stand-in of helper intake's type (api14.md), replaced when branch intake is merged. */
public record UnpackLimits(long maxBytes, int maxFiles, long maxFileBytes) {
    public static final UnpackLimits DEFAULT = new UnpackLimits(200L << 20, 20_000, 50L << 20);
}
