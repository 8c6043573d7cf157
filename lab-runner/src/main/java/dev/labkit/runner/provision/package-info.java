/**
 * Where real models come from for live checks: {@code embedded} (none: the lab model alone),
 * {@code url=URL} (an Ollama the user runs; missing models are pulled with progress) or {@code
 * auto}. Containers come with issue 5's second part.
 */
package dev.labkit.runner.provision;
