package dev.labkit.runner.cli;

import dev.labkit.runner.JvmSettings;
import dev.labkit.runner.modelserver.LabModelServer;
import java.io.PrintWriter;

/** Entry point of the {@code lab} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        JvmSettings.apply(); // before anything sends a request: the JDK reads them once
        int exitCode = LabCli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        LabModelServer.awaitEmbeddingModelLoad(); // an exit while it loads crashes the JVM
        System.exit(exitCode);
    }
}
