package dev.labkit.runner.cli;

import dev.labkit.checks.sdk.ToolsWorld;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.toolsworld.ToolsWorldServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tools", mixinStandardHelpOptions = true, description = "The tools world of lab 03.",
        subcommands = ToolsCommand.Serve.class)
final class ToolsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the tools world alone (search, weather, orders), as the grader serves it, "
                + "for developing an agent. Ctrl-C stops it."})
    static final class Serve implements Runnable {

        @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--lab", defaultValue = "03-tool-agent", description = "The lab whose world to serve "
                + "(default: ${DEFAULT-VALUE}).")
        String labId;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            LabManifest lab = LabCli.catalog(spec).require(labId);
            Path world = lab.fixtures().resolve("world");
            if (!Files.isDirectory(world)) {
                throw LabException.of("lab " + lab.id() + " has no tools world (" + world + " is missing)");
            }
            ToolsWorldServer server;
            try {
                server = ToolsWorldServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), world,
                        new ToolsWorld());
            } catch (IOException e) {
                throw LabException.of("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "): try --port "
                        + (port + 1));
            }
            out.println("Tools world of " + lab.id() + " at " + server.baseUrl()
                    + ": GET /search?q=, GET /weather?city=, GET /orders/{id}");
            out.println("Point your app at it with LAB_TOOLS_BASE_URL=" + server.baseUrl() + ". Ctrl-C stops it.");
            out.flush();
            Serving.untilStopped(server);
        }
    }
}
