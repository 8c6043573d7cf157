/**
 * {@code lab grade}: a whole class graded N at a time ({@link dev.labkit.runner.batch.ClassGrader}), its rows
 * ({@link dev.labkit.runner.batch.Row}) kept in a gradebook ({@link dev.labkit.runner.batch.Gradebook}) that is
 * rewritten atomically after each row, shards ({@link dev.labkit.runner.batch.Shard}) and their merge
 * ({@link dev.labkit.runner.batch.ShardMerge}). See docs/grading-a-class.md.
 */
package dev.labkit.runner.batch;
