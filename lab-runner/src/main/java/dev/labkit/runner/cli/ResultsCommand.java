package dev.labkit.runner.cli;

import dev.labkit.runner.batch.ClassIndexPage;
import dev.labkit.runner.batch.Gradebook;
import dev.labkit.runner.batch.ShardMerge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab results}: what to do with the output folders of {@code lab grade}. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Work with the output folders of `lab grade`.",
        subcommands = {ResultsCommand.Merge.class})
final class ResultsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: merge");
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Merge the --out folders of `lab grade --shard i/n` runs into one: one gradebook, summary "
                + "and index, and every student's folder. Exit code: 0 merged, 2 bad usage (a student in two shards)."})
    static final class Merge implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "The merged output folder.")
        Path out;

        @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The shards' --out folders.")
        List<Path> shards = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Gradebook merged = ShardMerge.merge(shards, out, new ClassIndexPage());
            spec.commandLine().getOut().println("merged " + shards.size() + " shards, " + merged.rows().size()
                    + " submissions: " + out.resolve(Gradebook.CSV));
            return ExitCode.OK.code();
        }
    }
}
