package dev.labkit.runner.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays connections between loopback TCP ports and Unix sockets, byte for byte, in both
 * directions. A sandboxed app has no network at all ({@code --network none}); a relay on each side
 * of a shared socket folder lets it reach the lab model and the tools world on its own loopback,
 * at the same ports as on the host, and lets the grader reach the app. Nothing but loopback and
 * files is ever opened.
 *
 * <p>Uses the JDK alone: inside the sandbox it runs as {@code java -cp <this class's jar or
 * classes folder> dev.labkit.runner.sandbox.SocketRelay RULE...} on the JRE image.
 */
public final class SocketRelay implements AutoCloseable {

    /** Written into the socket folder once every listener of the in-sandbox relay is bound. */
    static final String READY_FILE = "ready";

    private static final int BUFFER = 64 * 1024;

    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "labkit-relay");
        thread.setDaemon(true);
        return thread;
    });

    /** Accepts on loopback TCP {@code port} and relays each connection to the Unix socket {@code target}. */
    public SocketRelay tcpToUnix(int port, Path target) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return serve(server, UnixDomainSocketAddress.of(target));
    }

    /**
     * Accepts on the Unix socket {@code socket} (made connectable by any user: the sandbox runs as
     * another user than the grader) and relays each connection to loopback TCP {@code port}.
     */
    public SocketRelay unixToTcp(Path socket, int port) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        return serve(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private SocketRelay serve(ServerSocketChannel server, SocketAddress target) {
        listeners.add(server);
        threads.execute(() -> accept(server, target));
        return this;
    }

    private void accept(ServerSocketChannel server, SocketAddress target) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            threads.execute(() -> connect(client, target));
        }
    }

    /** A target that is not there yet (the app still starting) closes the client: it sees a refused connection. */
    private void connect(SocketChannel client, SocketAddress target) {
        SocketChannel upstream;
        try {
            upstream = SocketChannel.open(target);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        // Both directions run until their end of stream; whichever ends last closes the pair.
        AtomicInteger running = new AtomicInteger(2);
        Runnable done = () -> {
            if (running.decrementAndGet() == 0) {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        };
        threads.execute(() -> pump(upstream, client, done));
        pump(client, upstream, done);
    }

    /** Copies until end of stream, then half-closes, so a request-response exchange ends cleanly. */
    private static void pump(SocketChannel from, SocketChannel to, Runnable done) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A reset on one side ends both.
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        listeners.forEach(listener -> {
            try {
                listener.close();
            } catch (IOException e) {
                // already closed
            }
        });
        threads.shutdownNow();
    }

    /**
     * The in-sandbox relay. Rules: {@code tcp:PORT=SOCKET} (loopback TCP to a Unix socket) and
     * {@code unix:SOCKET=PORT}; the last argument is the folder where {@value #READY_FILE} is
     * written once all are bound. Runs until killed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SocketRelay (tcp:PORT=SOCKET | unix:SOCKET=PORT)... READY_DIR");
            System.exit(2);
        }
        SocketRelay relay = new SocketRelay();
        for (int i = 0; i < args.length - 1; i++) {
            String[] rule = args[i].substring(args[i].indexOf(':') + 1).split("=", 2);
            if (args[i].startsWith("tcp:")) {
                relay.tcpToUnix(Integer.parseInt(rule[0]), Path.of(rule[1]));
            } else if (args[i].startsWith("unix:")) {
                relay.unixToTcp(Path.of(rule[0]), Integer.parseInt(rule[1]));
            } else {
                throw new IllegalArgumentException("not a relay rule: " + args[i]);
            }
        }
        Path ready = Path.of(args[args.length - 1]).resolve(READY_FILE);
        Files.writeString(ready, "ready\n");
        System.out.println("relay ready: " + String.join(" ", List.of(args).subList(0, args.length - 1)));
        Thread.currentThread().join();
    }
}
