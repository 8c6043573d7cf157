/**
 * The {@code lab} command line (picocli stays in this package): parses arguments into plain
 * requests for the engine, shows progress, prints reports, maps results to exit codes.
 */
package dev.labkit.runner.cli;
