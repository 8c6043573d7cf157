package dev.labkit.runner.cli;

import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the labs.")
final class ListCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Catalog catalog = LabCli.catalog(spec);
        int width = catalog.labs().stream().mapToInt(l -> l.id().length()).max().orElse(10);
        for (LabManifest lab : catalog.labs()) {
            out.printf("%-" + width + "s  stage %d  %s%n", lab.id(), lab.stage(), lab.title());
        }
        out.println();
        out.println("Start one with `lab init <lab>`; see its brief with `lab info <lab>`.");
    }
}
