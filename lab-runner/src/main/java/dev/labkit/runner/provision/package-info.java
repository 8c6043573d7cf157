/**
 * Where real models come from for live checks: {@code embedded} (none: the lab model alone),
 * {@code url=URL} (an Ollama the user runs; missing models are pulled with progress), {@code
 * container} (Ollama in Docker, its models cached in a local image) or {@code auto}; and, for labs with
 * speech roles, a speech server with OpenAI's audio API: {@code LABKIT_SPEECH_URL}, or speaches in Docker
 * ({@link dev.labkit.runner.provision.SpeechProvisioner}, {@link dev.labkit.runner.provision.SpeechContainer}).
 */
package dev.labkit.runner.provision;
