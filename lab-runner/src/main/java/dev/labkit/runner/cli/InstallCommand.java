package dev.labkit.runner.cli;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Put `lab` on your PATH (a link in ~/.local/bin).",
            "Links DIR/lab to this checkout's launcher, so that `lab` works from any folder; says "
            + "whether DIR is on your PATH and, if not, the line to add to ~/.bashrc or ~/.zshrc.",
            "Running it again changes nothing; it replaces only a link to a LabKit launcher."})
final class InstallCommand implements Runnable {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+-]*");

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the link (default: ~/.local/bin).")
    Path dir;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    InstallCommand() {
        this(System.getenv());
    }

    /** A command that sees {@code environment} ({@code HOME}, {@code PATH}) instead of the process's. */
    InstallCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path launcher = LabHome.find().resolve("lab");
        if (!Files.isRegularFile(launcher)) {
            throw LabException.of("no lab launcher at " + launcher + ": run `./lab install` from a LabKit checkout");
        }
        Path home = home();
        Path folder = (dir != null ? dir : home.resolve(".local/bin")).toAbsolutePath().normalize();
        Path link = folder.resolve("lab");
        out.println(link(link, launcher));
        SearchPath path = SearchPath.of(environment);
        Optional<Path> found = path.find("lab");
        if (!path.contains(folder)) {
            out.println(folder + " is not on your PATH. Add this line to ~/.bashrc (bash) or ~/.zshrc (zsh),"
                    + " then open a new terminal:");
            out.println("  " + exportLine(folder, home));
            out.println("Until then, run " + link + ".");
        } else if (found.isPresent() && !SearchPath.sameFile(found.get(), launcher)) {
            out.println(folder + " is on your PATH, but " + found.get() + " comes first: put " + folder
                    + " earlier in PATH, or run " + link + ".");
        } else {
            out.println(folder + " is on your PATH: `lab` works from any folder, e.g. `lab list`.");
        }
    }

    /** Makes {@code link} a link to {@code launcher}, unless it is one; returns what was done. */
    private static String link(Path link, Path launcher) {
        try {
            Files.createDirectories(link.getParent());
            if (SearchPath.sameFile(link, launcher)) {
                return link + " already runs " + launcher + ": nothing to do.";
            }
            if (Files.isSymbolicLink(link)) {
                Path old = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                if (!isLabKitLauncher(old)) {
                    throw notOurs(link, "a link to " + old);
                }
                Files.delete(link);
                Files.createSymbolicLink(link, launcher);
                return "Linked " + link + " -> " + launcher + " (it linked to " + old
                        + (Files.exists(old) ? ", another LabKit checkout)." : ", which no longer exists).");
            }
            if (Files.exists(link)) {
                throw notOurs(link, Files.isDirectory(link) ? "a folder" : "a file");
            }
            Files.createSymbolicLink(link, launcher);
            return "Linked " + link + " -> " + launcher + ".";
        } catch (IOException e) {
            throw LabException.of("cannot link " + link + " (" + FileTrees.reason(e) + "): choose another folder with --dir",
                    e);
        }
    }

    /** A launcher of some LabKit checkout, there or moved away: a file named lab beside a lab-runner folder. */
    private static boolean isLabKitLauncher(Path target) {
        return target.getFileName() != null && target.getFileName().toString().equals("lab")
                && (!Files.exists(target) || Files.isDirectory(target.resolveSibling("lab-runner")));
    }

    private static LabException notOurs(Path link, String what) {
        return LabException.of(link + " already exists and is not LabKit's (it is " + what
                + "): remove it yourself, or choose another folder with --dir");
    }

    private Path home() {
        String home = environment.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The shell line that puts {@code folder} first on the PATH, as {@code $HOME/...} when it is under home. */
    static String exportLine(Path folder, Path home) {
        Path absoluteHome = home.toAbsolutePath().normalize();
        if (folder.startsWith(absoluteHome) && !folder.equals(absoluteHome)
                && PLAIN.matcher(absoluteHome.relativize(folder).toString()).matches()) {
            return "export PATH=\"$HOME/" + absoluteHome.relativize(folder) + ":$PATH\"";
        }
        if (PLAIN.matcher(folder.toString()).matches()) {
            return "export PATH=\"" + folder + ":$PATH\"";
        }
        return "export PATH='" + folder.toString().replace("'", "'\\''") + "':\"$PATH\"";
    }
}
