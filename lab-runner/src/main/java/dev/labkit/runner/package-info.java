/**
 * The LabKit runner: the {@code lab} CLI ({@code cli}), the lab catalog ({@code catalog}), building
 * and running learners' apps ({@code submission}), the lab model server ({@code modelserver}), the
 * grading engine ({@code grading}) and reports ({@code report}).
 */
package dev.labkit.runner;
