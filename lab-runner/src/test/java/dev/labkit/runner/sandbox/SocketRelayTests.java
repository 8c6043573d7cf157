package dev.labkit.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both halves of the sandbox's relay in one process, as they are chained across the sandbox
 * boundary: loopback TCP -> Unix socket -> loopback TCP. Real HTTP over it.
 */
class SocketRelayTests {

    @TempDir
    Path sockets;

    private HttpServer server;
    private final SocketRelay outside = new SocketRelay();
    private final SocketRelay inside = new SocketRelay();
    private int relayPort;

    @BeforeEach
    void relayToAnHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        relayPort = freePort();
        Path socket = sockets.resolve("app.sock");
        inside.unixToTcp(socket, server.getAddress().getPort());
        outside.tcpToUnix(relayPort, socket);
    }

    @AfterEach
    void stop() {
        outside.close();
        inside.close();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Test
    void carriesHttpBothWaysWithKeepAliveAndConcurrency() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] big = "0123456789".repeat(50_000).getBytes(StandardCharsets.UTF_8); // 500 KB: many buffers

        List<CompletableFuture<HttpResponse<byte[]>>> answers = IntStream.range(0, 16)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + relayPort + "/echo"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(i == 0 ? big : ("request " + i).getBytes()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()))
                .toList();

        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<byte[]> response = answers.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(i == 0 ? big : ("request " + i).getBytes());
        }
    }

    /** A half-close reaches the other side: a client that ends its request still gets the whole answer. */
    @Test
    void passesAHalfCloseThrough() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relayPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello");
        }
    }

    /** While the app is not listening yet, a connection is closed at once: the grader's health poll retries. */
    @Test
    void closesTheConnectionWhenNothingListensBehindIt() throws Exception {
        server.stop(0);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relayPort)) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aPortInUseIsAnErrorNotASilentRelay() throws IOException {
        try (SocketRelay other = new SocketRelay()) {
            assertThatThrownBy(() -> other.tcpToUnix(relayPort, sockets.resolve("x.sock")))
                    .isInstanceOf(IOException.class);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
