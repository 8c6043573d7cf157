/**
 * The lab model server: a faithful Ollama (and OpenAI-compatible) API on the loopback interface
 * that checks script ({@link dev.labkit.checks.sdk.ModelScript}) and that records every request
 * ({@link dev.labkit.checks.sdk.ModelTraffic}). Without a rule it answers with a deterministic
 * extractive responder and real all-MiniLM-L6-v2 embeddings; images with a description computed from
 * their pixels; OpenAI's audio API with FreeTTS speech and exact transcripts of known and self-made
 * clips (pocketsphinx and tesseract where installed). See docs/lab-model.md.
 */
package dev.labkit.runner.modelserver;
