package dev.labkit.checks.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.WebDriver;

/**
 * What the grader gives a running suite: the app, the lab model and the lab's files. Implemented
 * by the runner and found by {@link LabExtension} through {@link LabEnvironments}.
 */
public interface LabEnvironment {

    /** Base URL of the learner's app, e.g. {@code http://127.0.0.1:41234}. */
    URI appUrl();

    /** The lab model's rules, cleared before each check. */
    ModelScript script();

    /** The lab model's recorder, cleared before each check. */
    ModelTraffic traffic();

    /**
     * What the app sent to the model while it started, before {@code /health} answered (e.g. a
     * RAG app indexing its documents). Not cleared; a restart does not change it.
     */
    ModelTraffic startupTraffic();

    /** The lab's {@code fixtures/} folder (may not exist). */
    Path fixturesDir();

    /**
     * The lab's {@code hidden/} folder: what {@link Check#hidden() hidden} checks read (questions the
     * learner must not see). Learner packs leave it out; may not exist.
     */
    Path hiddenDir();

    AppControl app();

    /** The tools world of labs that have one ({@code ${tools}} in {@code lab.yaml}); cleared before each check. */
    ToolsWorld toolsWorld();

    /** The environment the app was started with (the contract's variables and the lab's). */
    Map<String, String> appEnvironment();

    /** Model names the app was given, by role: {@code chat}, {@code embedding}, {@code vision}, {@code stt}, {@code tts}. */
    Map<String, String> models();

    /** Empty when a real Ollama is behind the lab model (live checks of its roles run); else why not. */
    Optional<String> liveModelUnavailable();

    /**
     * Empty when a real model serves {@code role} of {@code lab.yaml} behind the lab model; else why not,
     * in one line. The speech roles ({@code stt}, {@code tts}) have a speech server of their own, which
     * may be missing where Ollama is there. By default, {@link #liveModelUnavailable()} for every role.
     */
    default Optional<String> liveModelUnavailable(String role) {
        return liveModelUnavailable();
    }

    /**
     * The services the lab declares besides the model ({@code services:} in {@code lab.yaml}), by name; each
     * running before every check (one a check {@link LabService#stop() stopped} is started again).
     */
    default Map<String, LabService> services() {
        return Map.of();
    }

    /** The run's copy of the submission's app folder, as built: its build's output ({@code target/}) is there. */
    default Path appDir() {
        throw new UnsupportedOperationException("this runner does not give checks the app's folder");
    }

    /**
     * Empty when {@link Tier#BROWSER} checks can run here; else why not and what to install, in one line. By
     * default, this runner drives no browser.
     */
    default Optional<String> browserUnavailable() {
        return Optional.of("no browser: this runner does not drive a browser");
    }

    /**
     * A clean headless browser session (not yet on any page: no cookies, storage, tabs nor logs of an earlier
     * check) for a {@link Browser}; the caller quits it, which may hand it back to the runner for reuse.
     *
     * @param microphoneWav empty, or a 16-bit PCM WAV that the session's fake microphone plays once (see {@link
     *     Browser#withMicrophone})
     * @throws IllegalStateException when {@link #browserUnavailable()} gives a reason
     */
    default WebDriver startBrowser(Optional<Path> microphoneWav) {
        throw new IllegalStateException(browserUnavailable().orElse("this runner does not drive a browser"));
    }

    /** Docker, for checks that run an image the app's build made. */
    default ContainerImages containerImages() {
        return new ContainerImages() {
            @Override
            public Optional<String> unavailable() {
                return Optional.of("this runner cannot run images");
            }

            @Override
            public RunningContainer run(Path imageTarball, Map<String, String> env, int containerPort) {
                throw new IllegalStateException(unavailable().orElseThrow());
            }
        };
    }
}
