package dev.labkit.runner.cli;

import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.pack.PackEdition;
import dev.labkit.runner.pack.PackImages;
import dev.labkit.runner.pack.PackManifest;
import dev.labkit.runner.pack.PackRequest;
import dev.labkit.runner.pack.PackSignature;
import dev.labkit.runner.pack.PackVerifier;
import dev.labkit.runner.pack.PackWriter;
import dev.labkit.runner.pack.VerifiedPack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pack",
        description = {"Build a lab pack: one file with the labs' briefs, scaffolds, fixtures and compiled checks, "
            + "a manifest with a SHA-256 per file and the runner versions it needs, optionally signed.",
            "Use it with `lab --pack FILE list|info|init|check`; check it with `lab pack verify FILE`."},
        subcommands = {PackCommand.Verify.class, PackCommand.Keygen.class})
final class PackCommand implements Callable<Integer> {

    /** The variable that fixes a pack's creation time, for reproducible packs (reproducible-builds.org). */
    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    // Not mixinStandardHelpOptions: --version is the pack's version here.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "LAB",
            description = "The labs: ids of the LabKit checkout's labs (see `lab list`), or lab folders.")
    List<String> labs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "NAME.labpack", description = "The pack file to write.")
    Path out;

    @Option(names = "--learner",
            description = "The learner edition: without solution/, broken/, hidden/ and the checks' sources.")
    boolean learner;

    @Option(names = "--name", paramLabel = "N", description = "The pack's name (default: the file name without .labpack).")
    String name;

    @Option(names = "--version", paramLabel = "V", description = "The pack's version (default: its creation date, yyyy.mm.dd).")
    String version;

    @Option(names = "--runner", paramLabel = "RANGE",
            description = "The lab runner versions the pack needs, a Maven range (default: [this version,next major)).")
    String runnerRange;

    @Option(names = "--sign-key", paramLabel = "private.pem",
            description = "Sign the manifest with this Ed25519 private key (PKCS#8 PEM, from `lab pack keygen`).")
    Path signKey;

    @Option(names = "--with-images",
            description = "Also `docker save` the images the labs need into NAME.images.tar beside the pack.")
    boolean withImages;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    PackCommand() {
        this(System.getenv());
    }

    /** A command that reads {@code environment} ({@value #SOURCE_DATE_EPOCH}, image names) instead of the process's. */
    PackCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (labs.isEmpty() || out == null) {
            throw LabException.of("name the labs and the file: lab pack 01-chatbot 02-rag-assistant --out"
                    + " bootcamp.labpack [--learner]; or lab pack verify FILE, lab pack keygen --out DIR");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Clock clock = clock();
        List<LabManifest> chosen = labs.stream().map(this::lab).toList();
        String fileName = out.getFileName().toString();
        PackRequest request = new PackRequest(chosen, out, learner ? PackEdition.LEARNER : PackEdition.FULL,
                name != null ? name : fileName.endsWith(".labpack")
                        ? fileName.substring(0, fileName.length() - ".labpack".length()) : fileName,
                version != null ? version : DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC)
                        .format(clock.instant()),
                Optional.ofNullable(runnerRange), Optional.ofNullable(signKey));
        RunnerVersion runner = RunnerVersion.current();
        PackManifest manifest = new PackWriter(clock, runner, message -> {
            stdout.println(message + "...");
            stdout.flush();
        }).write(request);
        // Read back as anyone would: what was written is what verify accepts.
        VerifiedPack written = new PackVerifier(runner).verify(out, Optional.empty());
        stdout.println("Wrote " + out + ": " + written.summary());
        if (withImages) {
            Path images = PackImages.imagesFile(out);
            new PackImages(environment, "docker").save(chosen, images, line -> stdout.println("  " + line));
            stdout.println("Load them in the classroom with: lab doctor --load " + images);
        }
        stdout.println("Use it with: lab --pack " + out + " list" + (manifest.edition() == PackEdition.LEARNER
                ? "  (learner edition: hidden checks are graded as withheld)" : ""));
        stdout.flush();
        return ExitCode.OK.code();
    }

    /** {@value #SOURCE_DATE_EPOCH} (seconds since 1970) when set, so that the same labs give the same pack bytes. */
    private Clock clock() {
        String epoch = environment.get(SOURCE_DATE_EPOCH);
        if (epoch == null || epoch.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.ofEpochSecond(Long.parseLong(epoch.strip())), ZoneOffset.UTC);
        } catch (NumberFormatException e) {
            throw LabException.of(SOURCE_DATE_EPOCH + "=" + epoch + " is not a number of seconds: unset it or fix it");
        }
    }

    /** A lab by id from the labs in use, or a lab folder (one with a lab.yaml) anywhere. */
    private LabManifest lab(String argument) {
        Path folder = Path.of(argument);
        if (Files.isRegularFile(folder.resolve("lab.yaml"))) {
            Path dir = folder.toAbsolutePath().normalize();
            return Catalog.load(dir.getParent()).labs().stream()
                    .filter(lab -> lab.dir().toAbsolutePath().normalize().equals(dir)).findFirst()
                    .orElseThrow(() -> LabException.of("cannot read the lab in " + folder));
        }
        return LabCli.catalog(spec).require(argument);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a lab pack: every file listed with its SHA-256 and nothing else, no path out of it, "
                + "made for this runner and its check SDK, and, with --public-key, signed by that key."})
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The .labpack file.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path key = spec.root().userObject() instanceof LabCli root ? root.publicKey : null;
            VerifiedPack pack = new PackVerifier(RunnerVersion.current())
                    .verify(file, Optional.ofNullable(key).map(PackSignature::readPublic));
            PrintWriter out = spec.commandLine().getOut();
            out.println("OK " + file + ": " + pack.summary());
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Make an Ed25519 key pair to sign packs: labpack-private.pem (0600) and labpack-public.pem.")
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the keys into.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String fingerprint = PackSignature.generate(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Wrote " + dir.resolve(PackSignature.PRIVATE_FILE) + " (keep it secret: it signs packs) and "
                    + dir.resolve(PackSignature.PUBLIC_FILE) + " (publish it: learners check packs with it)");
            out.println("Key fingerprint: " + fingerprint);
            out.println("Sign with: lab pack LAB... --out NAME.labpack --sign-key " + dir.resolve(PackSignature.PRIVATE_FILE));
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
