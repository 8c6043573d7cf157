package dev.labkit.runner.catalog;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A lab as described by its {@code lab.yaml}.
 *
 * @param id the lab's id, also its folder name, e.g. {@code 01-chatbot}
 * @param title one line
 * @param stage the roadmap stage (1-5)
 * @param summary a few sentences for {@code lab info}
 * @param suite the fully qualified name of the checker suite class
 * @param models model names by role: {@code chat}, {@code embedding}, {@code vision} (served by Ollama) and
 *     {@code stt}, {@code tts} (speech-to-text and text-to-speech, served by a speech server with OpenAI's
 *     audio API)
 * @param env lab-specific environment variables given to the app
 * @param limits time limits for grading
 * @param sandbox what the app gets when it runs in the container sandbox
 * @param scaffoldMaxScore the most the scaffold may score (points), as {@code lab validate} checks it;
 *     {@code scaffold-max-score:} in lab.yaml, default {@value #SCAFFOLD_MAX_SCORE}
 * @param health the path the runner waits for (200) after it starts the app, restarts it or starts a replica:
 *     {@code health:} in lab.yaml, default {@value #HEALTH_PATH}; starts with {@code /}
 * @param dir the lab's folder
 * @param learnerEdition whether the lab comes from a learner pack, which leaves out what hidden checks read:
 *     those are withheld when it grades (their points stay in the total)
 * @param services the services the app gets besides the model ({@code services:}), in the order written; each
 *     provided by the runner for the run, its URL in {@code LAB_<NAME>_URL}
 * @param image how the app's build makes its image: {@value #JIB_IMAGE} (Jib; the build gets the runner's offline
 *     Java base image, see {@code docs/environment.md}), or empty (no image); {@code image:} in lab.yaml
 * @param gradeAlone whether the lab's checks measure speed (lab 05's load check), so that a grading of it shares
 *     the machine with no other grading of a batch ({@code lab validate}); {@code grade-alone: true} in lab.yaml
 */
public record LabManifest(
        String id,
        String title,
        int stage,
        String summary,
        String suite,
        Map<String, String> models,
        Map<String, String> env,
        Limits limits,
        SandboxSpec sandbox,
        int scaffoldMaxScore,
        String health,
        Path dir,
        boolean learnerEdition,
        List<ServiceSpec> services,
        Optional<String> image,
        boolean gradeAlone) {

    static final String EMBEDDING_ROLE = "embedding";

    /** The speech-to-text role: a transcription model id of the speech server ({@code LAB_STT_MODEL}). */
    public static final String STT_ROLE = "stt";

    /** The text-to-speech role: a speech model id of the speech server ({@code LAB_TTS_MODEL}). */
    public static final String TTS_ROLE = "tts";

    /** The roles a speech server serves, not Ollama. */
    public static final Set<String> SPEECH_ROLES = Set.of(STT_ROLE, TTS_ROLE);

    /** {@code image: jib}: the app's Maven build makes its image with Jib, on the runner's offline Java base. */
    public static final String JIB_IMAGE = "jib";

    /** The most a scaffold scores by default: it compiles and answers /health, little else. */
    public static final int SCAFFOLD_MAX_SCORE = 10;

    /** The health path of a lab that names none. */
    public static final String HEALTH_PATH = "/health";

    public LabManifest {
        models = Map.copyOf(models);
        env = Map.copyOf(env);
        services = List.copyOf(services);
    }

    /** A lab with the default health path, without services and without an image. */
    public LabManifest(String id, String title, int stage, String summary, String suite, Map<String, String> models,
            Map<String, String> env, Limits limits, SandboxSpec sandbox, int scaffoldMaxScore, Path dir,
            boolean learnerEdition) {
        this(id, title, stage, summary, suite, models, env, limits, sandbox, scaffoldMaxScore, HEALTH_PATH, dir,
                learnerEdition);
    }

    /** A lab without services and without an image. */
    public LabManifest(String id, String title, int stage, String summary, String suite, Map<String, String> models,
            Map<String, String> env, Limits limits, SandboxSpec sandbox, int scaffoldMaxScore, String health, Path dir,
            boolean learnerEdition) {
        this(id, title, stage, summary, suite, models, env, limits, sandbox, scaffoldMaxScore, health, dir,
                learnerEdition, List.of(), Optional.empty(), false);
    }

    /** This lab with {@code declared} services. */
    public LabManifest withServices(List<ServiceSpec> declared) {
        return new LabManifest(id, title, stage, summary, suite, models, env, limits, sandbox, scaffoldMaxScore, health,
                dir, learnerEdition, declared, image, gradeAlone);
    }

    /** The environment variable that gives the app the model of {@code role}: {@code chat} -> {@code LAB_CHAT_MODEL}. */
    public static String modelVariable(String role) {
        return "LAB_" + role.toUpperCase(java.util.Locale.ROOT) + "_MODEL";
    }

    /** This lab as a learner pack holds it. */
    public LabManifest asLearnerEdition() {
        return new LabManifest(id, title, stage, summary, suite, models, env, limits, sandbox, scaffoldMaxScore, health,
                dir, true, services, image, gradeAlone);
    }

    /** Whether the app's build makes its image with Jib ({@code image: jib}). */
    public boolean buildsJibImage() {
        return image.filter(JIB_IMAGE::equals).isPresent();
    }

    /** A lab with the default sandbox and scaffold limit, of the full edition. */
    public LabManifest(String id, String title, int stage, String summary, String suite, Map<String, String> models,
            Map<String, String> env, Limits limits, Path dir) {
        this(id, title, stage, summary, suite, models, env, limits, SandboxSpec.DEFAULT, dir);
    }

    /**
     * A lab with the default scaffold limit, of the full edition (solution, variants and hidden data
     * included), as a repository holds it.
     */
    public LabManifest(String id, String title, int stage, String summary, String suite, Map<String, String> models,
            Map<String, String> env, Limits limits, SandboxSpec sandbox, Path dir) {
        this(id, title, stage, summary, suite, models, env, limits, sandbox, SCAFFOLD_MAX_SCORE, HEALTH_PATH, dir, false);
    }

    /** This lab with another health path (tests). */
    public LabManifest withHealth(String path) {
        return new LabManifest(id, title, stage, summary, suite, models, env, limits, sandbox, scaffoldMaxScore, path,
                dir, learnerEdition, services, image, gradeAlone);
    }

    /** The embedding models (role {@code embedding}): none, or one. */
    public Set<String> embeddingModels() {
        return models.entrySet().stream().filter(e -> e.getKey().equals(EMBEDDING_ROLE)).map(Map.Entry::getValue)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The models that chat, which Ollama serves (every role but {@code embedding}, {@code stt} and {@code tts}: chat, vision). */
    public Set<String> chatModels() {
        return models.entrySet().stream()
                .filter(e -> !e.getKey().equals(EMBEDDING_ROLE) && !SPEECH_ROLES.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The speech models by role ({@code stt}, {@code tts}): model ids of a speech server with OpenAI's audio
     * API, never pulled into Ollama. Empty for a lab without speech.
     */
    public Map<String, String> speechModels() {
        return models.entrySet().stream().filter(e -> SPEECH_ROLES.contains(e.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public Path brief() {
        return dir.resolve("README.md");
    }

    public Path scaffold() {
        return dir.resolve("scaffold");
    }

    public Path solution() {
        return dir.resolve("solution");
    }

    public Path fixtures() {
        return dir.resolve("fixtures");
    }

    /** What hidden checks read; learner packs leave it out. */
    public Path hidden() {
        return dir.resolve("hidden");
    }

    /** The checker suite's Maven project ({@code checks/pom.xml}), or in a lab pack its compiled {@code checks/suite.jar}. */
    public Path checks() {
        return dir.resolve("checks");
    }
}
