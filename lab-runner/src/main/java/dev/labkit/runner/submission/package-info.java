/**
 * A learner's submission: copied to a temporary folder, built (Maven by default, or the commands
 * of its {@code submission.yaml}), started as a separate process with the environment contract,
 * watched until healthy, and always stopped.
 */
package dev.labkit.runner.submission;
