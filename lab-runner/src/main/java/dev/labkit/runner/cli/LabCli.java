package dev.labkit.runner.cli;

import dev.labkit.runner.LabException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
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
            NewCommand.class,
            InstallCommand.class,
            ModelCommand.class,
            ToolsCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LabCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors; for `model serve`, each request's messages and answer too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    /** The version from the jar's manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LabCli.class.getPackage().getImplementationVersion();
            return new String[] {"lab " + (version == null ? "development" : version)
                    + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
