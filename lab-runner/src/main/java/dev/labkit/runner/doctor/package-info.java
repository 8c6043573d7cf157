/** {@code lab doctor}: what this machine has for grading, and what to run for what it lacks. */
package dev.labkit.runner.doctor;
