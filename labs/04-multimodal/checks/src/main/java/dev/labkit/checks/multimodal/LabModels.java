package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.LabEnvironment;
import java.util.Locale;
import java.util.Map;

/**
 * The model names the grader gave the app, by the roles of lab 04's {@code lab.yaml}: {@code chat},
 * {@code vision}, {@code stt} and {@code tts}, as the app reads them from {@code LAB_CHAT_MODEL},
 * {@code LAB_VISION_MODEL}, {@code LAB_STT_MODEL} and {@code LAB_TTS_MODEL}.
 */
record LabModels(String chat, String vision, String stt, String tts) {

    static LabModels of(LabEnvironment environment) {
        return of(environment.models(), environment.appEnvironment());
    }

    /**
     * The names by role, from the grader's {@code models()}; a role it does not list is read from the
     * app's environment ({@code LAB_<ROLE>_MODEL}).
     *
     * @throws IllegalStateException when a role has no name at all: the lab's {@code lab.yaml} lacks it
     */
    static LabModels of(Map<String, String> models, Map<String, String> appEnvironment) {
        return new LabModels(name("chat", models, appEnvironment), name("vision", models, appEnvironment),
                name("stt", models, appEnvironment), name("tts", models, appEnvironment));
    }

    /** The variable that carries a role's name, e.g. {@code LAB_STT_MODEL}. */
    static String variable(String role) {
        return "LAB_" + role.toUpperCase(Locale.ROOT) + "_MODEL";
    }

    private static String name(String role, Map<String, String> models, Map<String, String> appEnvironment) {
        String name = models.get(role);
        if (name == null || name.isBlank()) {
            name = appEnvironment.get(variable(role));
        }
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("the grader gave the app no " + variable(role) + ": lab 04's lab.yaml "
                    + "should name a model for the role '" + role + "' under models:");
        }
        return name;
    }
}
