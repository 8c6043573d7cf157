package dev.labkit.runner.intake;

import java.nio.file.Path;

/** Stand-in of helper intake's type (api14.md), replaced when branch intake is merged. */
public record Submission(String student, Path source) {}
