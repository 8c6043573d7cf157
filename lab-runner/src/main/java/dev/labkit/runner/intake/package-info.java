/**
 * The submissions of a class as handed in: found in a folder or a roster CSV ({@link
 * SubmissionIntake}), copied or unpacked safely into a work folder within size limits ({@link
 * SubmissionUnpacker}, {@link UnpackLimits}, {@link SubmissionRejected}), and identified by a hash
 * of their content ({@link ContentHash}).
 */
package dev.labkit.runner.intake;
