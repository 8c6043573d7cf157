/**
 * Lab services: what a lab declares besides the model ({@code services:} in {@code lab.yaml}, e.g. Redis),
 * provided for one grading run by a URL the user gives, a container (Testcontainers, local images only), a
 * local process, or an embedded server in the runner; each awaited until it answers, and stopped with the run.
 */
package dev.labkit.runner.services;
