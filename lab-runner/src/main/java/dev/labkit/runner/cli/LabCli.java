package dev.labkit.runner.cli;

import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.pack.PackCache;
import dev.labkit.runner.pack.PackEdition;
import dev.labkit.runner.pack.PackSignature;
import dev.labkit.runner.pack.PackVerifier;
import dev.labkit.runner.pack.VerifiedPack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code lab} command: subcommands, and the one place where errors become one line and an exit code. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        versionProvider = LabCli.Version.class,
        description = "Build, run and grade hands-on AI labs.",
        subcommands = {
            ListCommand.class,
            InfoCommand.class,
            InitCommand.class,
            CheckCommand.class,
            GradeCommand.class,
            ResultsCommand.class,
            NewCommand.class,
            InstallCommand.class,
            ModelCommand.class,
            ToolsCommand.class,
            DoctorCommand.class,
            PackCommand.class,
            ValidateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LabCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors; for `model serve`, each request's messages and answer too.")
    boolean verbose;

    @Option(names = "--pack", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = {"Take the labs from this lab pack (list, info, init, check, ...) instead of the LabKit"
                + " checkout: verified, then extracted once into ~/.cache/labkit/packs/<sha256> ($XDG_CACHE_HOME)."})
    Path pack;

    @Option(names = "--public-key", scope = ScopeType.INHERIT, paramLabel = "PEM",
            description = "The Ed25519 public key (PEM) the pack's signature must match; an unsigned pack is refused.")
    Path publicKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private Path packLabs;

    public LabCli() {
        this(System.getenv());
    }

    /** A command line that reads {@code environment} ({@code XDG_CACHE_HOME}) instead of the process's. */
    LabCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The labs folder the commands use: that of the pack given with {@code --pack} (verified against
     * {@code --public-key} if given, and extracted into the pack cache once), else the checkout's.
     */
    Path labs() {
        if (pack == null) {
            return LabHome.labs();
        }
        if (packLabs == null) {
            VerifiedPack verified = new PackVerifier(RunnerVersion.current())
                    .verify(pack, Optional.ofNullable(publicKey).map(PackSignature::readPublic));
            Path cache = PackCache.defaultRoot(environment, Path.of(System.getProperty("user.home")));
            packLabs = PackCache.labs(new PackCache(cache).open(verified));
        }
        return packLabs;
    }

    /** The environment of the command line {@code spec} belongs to (the process's, unless a test gave one). */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof LabCli root ? root.environment : System.getenv();
    }

    /** The labs folder for the command {@code spec} belongs to (see {@link #labs()}). */
    static Path labs(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof LabCli root ? root.labs() : LabHome.labs();
    }

    /**
     * The labs for the command {@code spec} belongs to: those of {@link #labs(CommandLine.Model.CommandSpec)},
     * as a learner edition when they come from a learner pack (their hidden checks are then withheld).
     */
    static Catalog catalog(CommandLine.Model.CommandSpec spec) {
        Path labs = labs(spec);
        Catalog catalog = Catalog.load(labs);
        return PackEdition.ofLabs(labs) == PackEdition.LEARNER ? catalog.asLearnerEdition() : catalog;
    }

    @Override
    public void run() {
        // Every command there is, in the order registered, so that a new one is never left out.
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + spec.subcommands().keySet().stream().filter(name -> !name.equals("help"))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * picocli's message, or for a word that is no command or option of the command line: which
     * word, and the nearest ones picocli suggests ({@code lab chek} -> did you mean check?).
     */
    private static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String word = unmatched.getUnmatched().get(0);
            List<String> near = unmatched.getSuggestions();
            String what = word.startsWith("-") ? "option" : unmatched.getCommandLine().getSubcommands().isEmpty()
                    ? "argument" : "command";
            return "unknown " + what + " '" + word + "'"
                    + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)");
        }
        return e.getMessage();
    }

    /** Runs the command line and returns the exit code; never calls System.exit. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(new CommandLine(new LabCli()), out, err, args);
    }

    /** Runs {@code cli} (the {@code lab} command, or a fixture in tests) with LabKit's error handling. */
    static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCode.COULD_NOT_GRADE.code());
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("error: " + message(e));
            err.println("run `lab " + commandPath(e.getCommandLine()) + "--help` for usage");
            err.flush();
            return ExitCode.COULD_NOT_GRADE.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, err, verbose));
        try {
            return cli.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; an Error (out of memory, a stack overflow) is the
            // runner's fault too, and must not end as a stack trace with exit code 1 ("graded with failures").
            return report(e, err, verbose);
        }
    }

    private static int report(Throwable e, PrintWriter err, boolean verbose) {
        if (e instanceof LabException) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: the runner failed unexpectedly (" + e + ")");
        }
        if (verbose) {
            e.printStackTrace(err);
        } else if (!(e instanceof LabException) || e.getCause() != null) {
            // A usage error is all in its message: --verbose would add only the runner's own stack.
            err.println("run with --verbose for details");
        }
        err.flush();
        return ExitCode.COULD_NOT_GRADE.code();
    }

    private static String commandPath(CommandLine command) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = command; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    /** The runner's version and its check SDK's ({@link RunnerVersion}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            RunnerVersion version = RunnerVersion.current();
            return new String[] {"lab " + version.runner() + " (check SDK " + version.checkSdk() + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
