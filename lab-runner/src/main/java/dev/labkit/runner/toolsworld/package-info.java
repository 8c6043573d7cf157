/**
 * The tools world of lab 03: a small, deterministic search engine, weather service and order
 * service, served from the lab's fixtures, which checks can make fail, stall or lie
 * ({@link dev.labkit.checks.sdk.ToolsWorld}).
 */
package dev.labkit.runner.toolsworld;
