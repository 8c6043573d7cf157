/**
 * Authoring: {@code lab validate} proves a lab sound. Static checks of its suite, brief and broken
 * variants, then real gradings of its solution, scaffold and variants against what each must score.
 */
package dev.labkit.runner.validate;
