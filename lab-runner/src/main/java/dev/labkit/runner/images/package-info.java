/**
 * OCI images of learners' apps: the offline Java base image their Jib builds start from, and running the image a
 * build made in Docker for the checks ({@link dev.labkit.checks.sdk.ContainerImages}).
 */
package dev.labkit.runner.images;
