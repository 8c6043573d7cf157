/**
 * The lab model server: a faithful Ollama (and OpenAI-compatible) API on the loopback interface
 * that checks script ({@link dev.labkit.checks.sdk.ModelScript}) and that records every request
 * ({@link dev.labkit.checks.sdk.ModelTraffic}). Without a rule it answers with a deterministic
 * extractive responder and real all-MiniLM-L6-v2 embeddings. See docs/lab-model.md.
 */
package dev.labkit.runner.modelserver;
