package dev.labkit.runner.cli;

import dev.labkit.runner.doctor.Doctor;
import dev.labkit.runner.doctor.Finding;
import dev.labkit.runner.pack.PackImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check what this machine has for grading (Java, Maven) and for real models and the sandbox"
                + " (Docker, cached images, GPU, Ollama, disk), and what to run for what is missing. Exit code 2 when grading cannot work.")
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--load", paramLabel = "FILE",
            description = "First load the images of a lab pack (NAME.images.tar from `lab pack --with-images`) into Docker.")
    Path load;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (load != null) {
            List<String> loaded = new PackImages(System.getenv(), "docker").load(load);
            loaded.forEach(line -> out.println(line));
            out.println("Loaded " + load + " into Docker.");
            out.println();
        }
        List<Finding> findings = new Doctor(System.getenv(), Path.of(System.getProperty("java.io.tmpdir"))).examine();
        int width = findings.stream().mapToInt(f -> f.subject().length()).max().orElse(0);
        String row = "  %-5s %-" + width + "s  %s%n";
        String fix = " ".repeat(2 + 5 + 1 + width + 2) + "-> %s%n";
        for (Finding finding : findings) {
            out.printf(Locale.ROOT, row, finding.level(), finding.subject(), finding.detail());
            if (!finding.fix().isEmpty()) {
                out.printf(Locale.ROOT, fix, finding.fix());
            }
        }
        boolean broken = findings.stream().anyMatch(f -> f.level() == Finding.Level.ERROR);
        out.println(broken ? "\nGrading cannot work until the errors above are fixed."
                : "\nReady to grade with the lab model." + (findings.stream().anyMatch(f -> f.subject().equals("Ollama")
                        && f.level() == Finding.Level.OK) ? " Live checks will use the Ollama above." : ""));
        out.flush();
        return broken ? ExitCode.COULD_NOT_GRADE.code() : ExitCode.OK.code();
    }
}
