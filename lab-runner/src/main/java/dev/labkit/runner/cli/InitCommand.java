package dev.labkit.runner.cli;

import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.catalog.LabProject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Start a lab: copy its scaffold and brief (with the docs it links to) into a new folder.")
final class InitCommand implements Runnable {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/~+-]+");

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab's id, e.g. 01-chatbot.")
    String labId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "The new folder (default: ./LAB).")
    Path dir;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    InitCommand() {
        this(System.getenv());
    }

    /** A command that sees {@code environment} ({@code PATH}) instead of the process's. */
    InitCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        LabManifest lab = LabCli.catalog(spec).require(labId);
        Path target = dir != null ? dir : Path.of(lab.id());
        LabProject.init(lab, target);
        out.println("Created " + target + " from lab " + lab.id() + ": " + lab.title());
        Path docs = target.resolve(LabProject.DOCS);
        out.println("Read " + target.resolve("BRIEF.md")
                + (Files.isDirectory(docs) ? " (the docs it links to are in " + docs + ")" : "") + ", then grade your work:");
        Optional<Path> home = LabHome.findIfAny();
        if (home.isEmpty()) {
            // Labs from a pack, and no LabKit checkout here: `lab check` is how the learner ran `lab` already.
            out.println("  cd " + shell(target));
            out.println("  lab check    # grades the project you are in, from any folder of it");
            return;
        }
        Path launcher = home.get().resolve("lab");
        boolean onPath = SearchPath.of(environment).find("lab").filter(l -> SearchPath.sameFile(l, launcher)).isPresent();
        if (!onPath) {
            out.println("  " + shell(launcher) + " install    # once: puts `lab` on your PATH");
        }
        out.println("  cd " + shell(target));
        out.println("  lab check    # grades the project you are in, from any folder of it");
    }

    /** {@code path} as a shell word. */
    private static String shell(Path path) {
        String text = path.toString();
        return PLAIN.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
