package dev.labkit.runner;

import java.util.Map;

/**
 * The JVM-wide settings of the JDK's HTTP client and server that the runner needs. The JDK reads each once, at first
 * use, so {@code Main} applies them first thing, and {@link LoopbackServers} before its first server (for a JVM that
 * runs servers without {@code Main}); a value given on the command line wins. The test JVM gets the same ones
 * (lab-runner's surefire configuration; JvmSettingsTests keeps the two equal).
 */
public final class JvmSettings {

    /**
     * {@code jdk.httpclient.keepalive.timeout}, in seconds: how long the JDK HttpClient keeps an idle connection to
     * reuse (1200 s in JDK 17). A server closes its idle connections after its own time (gunicorn 2 s, Node and
     * uvicorn 5 s, Tomcat 20 s, Jetty 30 s); a check that reuses a connection just as the app's server closes it
     * fails before a byte of answer comes back ("HTTP/1.1 header parser received no bytes"), and a POST is not
     * sent again. At 1 a connection going back to the pool expires at the next whole second (the JDK rounds down),
     * and is closed then or when the client's selector thread next wakes, whichever is later: see {@link
     * #CLIENT_SELECTOR_MILLIS}. A connection in steady use (a load check) is never idle that long and is reused.
     */
    static final String CLIENT_KEEPALIVE_SECONDS = "jdk.httpclient.keepalive.timeout";

    /**
     * {@code jdk.internal.httpclient.selectorTimeout}, in milliseconds: the longest the JDK HttpClient's selector
     * thread sleeps, and so lets an expired connection lie in the pool (3000 by default, 1000 the least it takes;
     * read by {@code HttpClientImpl.SelectorManager} in JDK 17 to 25). At 3000 a connection idle 2-2.5 s was reused
     * now and then (1 of 20 at 2 s here, and once in JvmSettingsTests): gunicorn's 2 s. At 1000, with the keep-alive
     * at 1, none idle for longer than about a second is (0 of 20 at 1.1 s, 20 of 20 at 0.3 s). A keep-alive of 0
     * would bound it too, but opens a new connection for nearly every request, under load as well.
     */
    static final String CLIENT_SELECTOR_MILLIS = "jdk.internal.httpclient.selectorTimeout";

    /**
     * {@code sun.net.httpserver.nodelay}: TCP_NODELAY on the JDK server's connections. The JDK server writes headers
     * and body separately; with Nagle's algorithm on, the body then waits for the client's delayed ACK: 40 ms on
     * every answer of the lab model (docs/benchmarks.md, "Lesson: 40 ms per request").
     */
    static final String SERVER_NODELAY = "sun.net.httpserver.nodelay";

    /**
     * {@code sun.net.httpserver.idleInterval}, in seconds: how long the JDK server keeps an idle keep-alive
     * connection open (30 s by default), closed at its own timer's tick. A client that reuses the connection at that
     * moment (an app's pooled JDK HttpClient) sends its request into a closing socket and fails, a POST is not sent
     * again, and the app shows an error that is ours. Ollama never closes an idle connection (Go's http.Server
     * without an IdleTimeout): neither do we, for a day, longer than any grading.
     */
    static final String SERVER_IDLE_SECONDS = "sun.net.httpserver.idleInterval";

    /** Each setting and its value. */
    public static final Map<String, String> PROPERTIES = Map.of(CLIENT_KEEPALIVE_SECONDS, "1",
            CLIENT_SELECTOR_MILLIS, "1000", SERVER_NODELAY, "true",
            SERVER_IDLE_SECONDS, Long.toString(24 * 60 * 60));

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
