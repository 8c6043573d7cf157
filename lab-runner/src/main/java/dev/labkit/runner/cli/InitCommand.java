package dev.labkit.runner.cli;

import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.LabProject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Start a lab: copy its scaffold and brief into a new folder.")
final class InitCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab's id, e.g. 01-chatbot.")
    String labId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "The new folder (default: ./LAB).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        LabManifest lab = Catalog.load(LabHome.labs()).require(labId);
        Path target = dir != null ? dir : Path.of(lab.id());
        LabProject.init(lab, target);
        out.println("Created " + target + " from lab " + lab.id() + ": " + lab.title());
        out.println("Read " + target.resolve("BRIEF.md") + ", then grade your work with `lab check " + target + "`.");
    }
}
