package dev.labkit.runner;

import java.util.Map;

/**
 * The JVM-wide settings the runner needs before anything in it sends a request: the JDK reads them once, at
 * first use, so {@code Main} applies them first thing (a value given on the command line wins). The test JVM
 * gets the same ones (lab-runner's surefire configuration; JvmSettingsTests keeps the two equal).
 */
public final class JvmSettings {

    /**
     * {@code jdk.httpclient.keepalive.timeout}, in seconds: how long the JDK HttpClient keeps an idle connection to
     * reuse (1200 s in JDK 17). A server closes its idle connections after its own time (gunicorn 2 s, Node and
     * uvicorn 5 s, Tomcat 20 s, Jetty 30 s); a check that reuses a connection just as the app's server closes it
     * fails before a byte of answer comes back ("HTTP/1.1 header parser received no bytes"), and a POST is not
     * sent again. Letting go of a connection after 1 s idle, before any of those servers does, leaves no such race
     * and costs a new loopback connection after each pause.
     */
    public static final Map<String, String> PROPERTIES = Map.of("jdk.httpclient.keepalive.timeout", "1");

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
