/**
 * Similarity between the submissions of a class: JPlag (https://github.com/jplag/JPlag) compares every pair of
 * projects token by token, with the lab's scaffold as base code, and hands back the most similar pairs.
 */
package dev.labkit.runner.similarity;
