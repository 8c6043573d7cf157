/**
 * A lab's checker suite as the runner meets it: built from the lab's {@code checks/} Maven project
 * when its jar is missing or older than its sources ({@link SuiteBuild}), or taken compiled from a
 * lab pack, then loaded with a class loader of its own ({@link SuiteLoader}).
 */
package dev.labkit.runner.suite;
