package dev.labkit.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JVM-wide settings Main applies, and what they are for, in this JVM (surefire gives it the same ones). */
class JvmSettingsTests {

    @Test
    void theTestsRunWithTheSettingsMainApplies() {
        JvmSettings.PROPERTIES.forEach((name, value) -> assertThat(System.getProperty(name))
                .as("%s in the test JVM (lab-runner/pom.xml's surefire systemPropertyVariables)", name)
                .isEqualTo(value));
    }

    /**
     * A check never reuses a connection idle for longer than gunicorn's (2 s), Node's or the JDK server's idle
     * timeout could be racing: after a 2.5 s pause its request goes on a new connection. (The JDK's defaults reuse
     * it for 20 minutes; a keep-alive of 1 s alone reused it after 2.5 s now and then, as the client purges its pool
     * only when its selector thread wakes, every 3 s when idle.)
     */
    @Test
    void aCheckLetsGoOfAConnectionIdleForMoreThanASecond() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket connection = server.accept();
                        int number = connections.incrementAndGet();
                        Thread serving = new Thread(() -> answer(connection, number), "app-connection-" + number);
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "app-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            AppClient app = new AppClient(URI.create("http://127.0.0.1:" + server.getLocalPort()));

            AppResponse first = app.postJson("/api/chat", Map.of("message", "one"));
            Thread.sleep(2_500);
            AppResponse afterAPause = app.postJson("/api/chat", Map.of("message", "two"));

            assertThat(first.body()).isEqualTo("{\"connection\":1}");
            assertThat(afterAPause.body()).as("after 2.5 s idle, a new connection").isEqualTo("{\"connection\":2}");
        }
    }

    /** Answers every request on {@code connection} with the connection's number, keeping it open. */
    private static void answer(Socket connection, int number) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (readRequest(in)) {
                byte[] body = ("{\"connection\":" + number + "}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException ended) {
            // the client went away: nothing to answer
        }
    }

    /** Reads one request, head and body; false at the end of the stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return true;
    }
}
