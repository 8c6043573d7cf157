package dev.labkit.runner;

import java.util.Map;

/**
 * The JVM-wide settings the runner needs before anything in it sends a request: the JDK reads them once, at
 * first use, so {@code Main} applies them first thing (a value given on the command line wins). The test JVM
 * gets the same ones (lab-runner's surefire configuration; JvmSettingsTests keeps the two equal).
 */
public final class JvmSettings {

    /**
     * {@code jdk.httpclient.enableAllMethodRetry}: a check's request on a kept connection the app's server had
     * just closed (Node closes idle ones after 5 s, Jetty after 30 s) fails before a byte of answer comes back
     * ("HTTP/1.1 header parser received no bytes"); the JDK HttpClient then retries it once on a new connection
     * for GET and HEAD only. With this, for a POST too, so that no learner loses points to that race. Only that
     * case is retried (the JDK's ConnectionExpiredException), never a request the app answered or refused.
     */
    public static final Map<String, String> PROPERTIES = Map.of("jdk.httpclient.enableAllMethodRetry", "true");

    private JvmSettings() {}

    /** Sets each of {@link #PROPERTIES} the JVM was not given. */
    public static void apply() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
