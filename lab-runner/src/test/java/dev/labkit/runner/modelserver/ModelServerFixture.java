package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;

/** A lab model server on a free loopback port, with a script and a recorder the test drives. */
final class ModelServerFixture implements AutoCloseable {

    static final String CHAT_MODEL = "qwen2.5:0.5b";
    static final String EMBEDDING_MODEL = "all-minilm";

    final ModelScript script = new ModelScript();
    final ModelTraffic traffic = new ModelTraffic();
    final LabModelServer server;

    ModelServerFixture() {
        try {
            server = LabModelServer.start(new LabModelServer.Config(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), script, traffic,
                    Set.of(CHAT_MODEL), Set.of(EMBEDDING_MODEL)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return server.baseUrl().toString();
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
