/**
 * The check SDK: the only package a lab's checker suite imports.
 *
 * <p>A suite is a class annotated {@link dev.labkit.checks.sdk.LabChecks}; each check is a method
 * annotated {@link dev.labkit.checks.sdk.Check}. Checks receive, as parameters, an {@link
 * dev.labkit.checks.sdk.AppClient} for the learner's app, the {@link
 * dev.labkit.checks.sdk.ModelScript} that decides what the lab model answers, the {@link
 * dev.labkit.checks.sdk.ModelTraffic} it recorded, the lab's {@link
 * dev.labkit.checks.sdk.Fixtures} and the {@link dev.labkit.checks.sdk.AppControl} to restart
 * the app.
 */
package dev.labkit.checks.sdk;
