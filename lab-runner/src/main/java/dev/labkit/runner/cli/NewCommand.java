package dev.labkit.runner.cli;

import dev.labkit.runner.authoring.NewLab;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Write a new lab: a folder ID/ with a manifest, a brief, a scaffold, a solution, fixtures, "
            + "a broken variant and a checker suite with an example check, which builds and passes at once.",
            "See docs/authoring.md."})
final class NewCommand implements Runnable {

    /** The template lab, in the LabKit home. */
    static final String TEMPLATE = "templates/" + NewLab.TEMPLATE_ID;

    @Parameters(index = "0", paramLabel = "ID",
            description = "The new lab's id: lower-case letters, digits and dashes (e.g. 04-multimodal).")
    String id;

    @Option(names = "--dir", paramLabel = "PARENT",
            description = "Create the lab in PARENT/ID (default: in the current folder).")
    Path parent;

    @Option(names = "--from", paramLabel = "LAB",
            description = "Copy this lab (an id, see `lab list`, or a lab's folder) instead of the template.")
    String from;

    @Spec
    CommandSpec spec;

    private final Path workingDir;

    NewCommand() {
        this(Path.of(""));
    }

    /** A command that runs as if started in {@code workingDir} (a JVM cannot change its own). */
    NewCommand(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path home = LabHome.find();
        Path source = from == null ? home.resolve(TEMPLATE) : labFolder(from, home);
        LabManifest lab = NewLab.create(source, id, parent == null ? workingDir : workingDir.resolve(parent));
        Path shown = shown(lab.dir());
        out.println("Created " + shown + " (lab " + lab.id() + ", from " + (from == null ? "the template" : from)
                + "): edit its README.md, checks/, solution/ and scaffold/, then prove it sound:");
        out.println("  lab check " + shown.resolve("solution") + "    # the reference solution: full marks");
        out.println("  lab check " + shown.resolve("scaffold") + "    # where learners start");
        out.println("  lab validate " + shown + "    # solution, scaffold, broken variants, points, brief");
    }

    /** {@code --from}: a lab's folder when it names one (a path, or a folder here with a lab.yaml), else a lab id. */
    private Path labFolder(String lab, Path home) {
        Path folder = workingDir.resolve(lab);
        if (lab.contains("/") || Files.isRegularFile(folder.resolve("lab.yaml"))) {
            return folder;
        }
        return Catalog.load(home.resolve("labs")).require(lab).dir();
    }

    /** The lab's folder as the user would type it: relative to the working folder when inside it. */
    private Path shown(Path dir) {
        return dir.startsWith(workingDir) ? workingDir.relativize(dir) : dir;
    }
}
