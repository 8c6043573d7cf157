package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Tier;
import dev.labkit.checks.sdk.ToolsWorld;
import dev.labkit.runner.LabException;
import dev.labkit.runner.LoopbackServers;
import dev.labkit.runner.browser.BrowserDiscovery;
import dev.labkit.runner.browser.BrowserLauncher;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.images.DockerContainerImages;
import dev.labkit.runner.images.JreBaseImage;
import dev.labkit.runner.modelserver.KnownClips;
import dev.labkit.runner.modelserver.LabModelHub;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.provision.LiveModel;
import dev.labkit.runner.provision.LiveSpeech;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.provision.OllamaProvisioner;
import dev.labkit.runner.provision.SpeechProvisioner;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.sandbox.SandboxMode;
import dev.labkit.runner.services.LabServices;
import dev.labkit.runner.submission.AppHost;
import dev.labkit.runner.submission.AppLaunch;
import dev.labkit.runner.submission.BuildHost;
import dev.labkit.runner.submission.Builder;
import dev.labkit.runner.submission.Leftovers;
import dev.labkit.runner.submission.LocalHost;
import dev.labkit.runner.submission.Outcome;
import dev.labkit.runner.submission.Replicas;
import dev.labkit.runner.submission.RunningApp;
import dev.labkit.runner.submission.SubmissionConfig;
import dev.labkit.runner.submission.Workspace;
import dev.labkit.runner.suite.SuiteLoader;
import dev.labkit.runner.toolsworld.ToolsWorldServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Grades one submission: copy, build, start the lab model, start the app with the environment
 * contract, run the checker suite, stop everything. A build or start failure is a graded result
 * (score 0); only a fault of the runner itself throws.
 */
public final class Grader {

    /** In a lab's {@code env:} values: the path of the run's own copy of the lab's fixtures. */
    static final String FIXTURES_PLACEHOLDER = "${fixtures}";

    /** In a lab's {@code env:} values: the base URL of the tools world, which the grader then serves. */
    static final String TOOLS_PLACEHOLDER = "${tools}";

    /**
     * In a lab's {@code env:} values: the lab model's OpenAI-style base URL ({@code <base URL>/v1}), where it
     * serves OpenAI's audio API too: the speech service ({@code LAB_SPEECH_BASE_URL: ${speech}}).
     */
    static final String SPEECH_PLACEHOLDER = "${speech}";

    /** The voice apps with a {@code tts} role get, to pass on in speech requests. */
    static final String TTS_VOICE_VARIABLE = "LAB_TTS_VOICE";

    static final String NO_LIVE_MODEL = "no real model is available: this run uses the embedded, scripted lab model";

    static final String NO_LIVE_SPEECH =
            "no real speech server is available: this run uses the lab model's own speech";

    private final GradingListener listener;
    private final Clock clock;
    private final Map<String, String> environment;

    public Grader(GradingListener listener, Clock clock) {
        this(listener, clock, System.getenv());
    }

    /** With {@code environment} for OLLAMA_HOST, LABKIT_OLLAMA_IMAGE and the like, instead of the process's. */
    public Grader(GradingListener listener, Clock clock, Map<String, String> environment) {
        this.listener = listener;
        this.clock = clock;
        this.environment = Map.copyOf(environment);
    }

    public GradeResult grade(GradeRequest request) {
        LabManifest lab = request.lab();
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Class<?> suite = loadSuite(lab);
        List<CheckDefinition> checks = CheckDefinition.of(suite);
        Run run = new Run(lab, request, suite, checks, startedAt, started);
        GradeResult result;
        // Everything the run started is stopped before the result leaves: a report written from it
        // cannot be changed by a process of the submission any more.
        try (Cleanup cleanup = new Cleanup()) {
            result = run.execute(cleanup);
        }
        // After the cleanup, so that the app's tail can hold what it printed as it was stopped.
        listener.outputTails(run.buildOutput, run.app == null ? "" : run.app.logTail());
        // A grading faster than the sentence model's load (a failed build) must not leave it loading: a JVM
        // that exits during the load crashes (see LabModelServer.awaitEmbeddingModelLoad).
        LabModelServer.awaitEmbeddingModelLoad();
        return result.withWarnings(run.warnings).withCleanup(run.processCleanup()).withServices(run.services);
    }

    /** The lab's suite class, its checks/ built first when they changed (shown as the phase {@code suite}). */
    private Class<?> loadSuite(LabManifest lab) {
        AtomicBoolean built = new AtomicBoolean();
        Class<?> suite = SuiteLoader.load(lab, message -> {
            built.set(true);
            listener.phaseStarted("suite", message);
        });
        if (built.get()) {
            listener.phaseFinished("suite", true);
        }
        return suite;
    }

    /** One grading run's state; keeps {@link #grade} readable. */
    private final class Run {
        private final LabManifest lab;
        private final GradeRequest request;
        private final Class<?> suite;
        private final List<CheckDefinition> checks;
        private final Instant startedAt;
        private final long startedNanos;
        private long buildMs;
        private LiveModel live = LiveModel.none(NO_LIVE_MODEL);
        private LiveSpeech speech = LiveSpeech.none(NO_LIVE_SPEECH);
        private long startMs;
        private long checksMs;
        private final List<String> warnings = new ArrayList<>();
        private final Leftovers leftovers = new Leftovers();
        private String containment = "";
        private List<GradeResult.Service> services = List.of();
        private String buildOutput = "";
        private RunningApp app;

        Run(LabManifest lab, GradeRequest request, Class<?> suite, List<CheckDefinition> checks, Instant startedAt,
                long startedNanos) {
            this.suite = suite;
            this.lab = lab;
            this.request = request;
            this.checks = checks;
            this.startedAt = startedAt;
            this.startedNanos = startedNanos;
        }

        GradeResult execute(Cleanup cleanup) {
            Workspace workspace = Workspace.copyOf(request.submission());
            cleanup.add(() -> deleteWorkspace(workspace));
            // Added right after the workspace, so closed right before it is deleted: the last sweep.
            LocalHost local = cleanup.add(new LocalHost(workspace.root(), leftovers));
            containment = local.containment();
            SubmissionConfig config;
            try {
                config = SubmissionConfig.read(workspace.app());
            } catch (LabException e) {
                // The learner fixes their own file, not the run's copy of it.
                return notGraded(GradeStatus.BUILD_FAILED, e.getMessage().replace(workspace.app().toString(),
                        request.submission().toAbsolutePath().toString()), "");
            }

            Optional<ContainerSandbox.Images> sandboxImages = prepareSandbox(config);

            // While the submission builds, not while the app indexes its documents at start, nor during a
            // check: every lab's default answer picks sentences with it, and its first load on a busy
            // machine can outlast an app's 10 s model timeout (a 504 in chat.memory, seen under load).
            LabModelServer.loadEmbeddingModelInBackground();
            if (lab.models().containsKey(LabManifest.TTS_ROLE)) {
                // Likewise the speech voice (about 2 s of one core), which apps that speak would otherwise wait for.
                LabModelServer.loadSpeechInBackground();
            }
            BuildHost builder = local;
            if (sandboxImages.isPresent()) {
                builder = cleanup.add(ContainerBuild.open(sandboxImages.get().build(), lab.sandbox(), workspace, leftovers));
                containment = "container";
            }
            listener.phaseStarted("build", "Building " + request.submission());
            Optional<Path> baseImage = lab.buildsJibImage()
                    ? Optional.of(JreBaseImage.ofRunnersJava().ensure(detail -> listener.progress("build",
                            "offline Java base image: " + detail)))
                    : Optional.empty();
            Outcome build = Builder.build(workspace.app(), config, lab.limits().build(), Map.of(), builder, baseImage);
            listener.phaseFinished("build", build.ok());
            buildMs = build.duration().toMillis();
            buildOutput = build.log();
            if (!build.ok()) {
                return notGraded(GradeStatus.BUILD_FAILED, build.reason(), build.log());
            }
            Optional<List<String>> command = AppLaunch.command(workspace.app(), config,
                    sandboxImages.isPresent() ? ContainerSandbox.JAVA : local.java());
            if (command.isEmpty()) {
                return notGraded(GradeStatus.START_FAILED, "no runnable jar in target/ after the build (a jar whose"
                        + " manifest names a Main-Class): configure the jar plugin, or set start: in "
                        + SubmissionConfig.FILE_NAME, build.log());
            }

            LabServices labServices = cleanup.add(provideServices());
            ModelScript script = new ModelScript();
            ModelTraffic traffic = new ModelTraffic();
            live = provision();
            cleanup.add(live.stop());
            speech = provisionSpeech();
            cleanup.add(speech.stop());
            // The batch's hub when there is one; else a hub of this run's own, closed after its seat.
            LabModelHub hub = request.modelHub().orElseGet(() -> cleanup.add(new LabModelHub()));
            LabModelServer model = cleanup.add(seatModel(hub, script, traffic, live.upstream().orElse(null),
                    speech.upstream().orElse(null), knownClips(workspace)));
            ToolsWorld world = new ToolsWorld();
            Optional<ToolsWorldServer> tools = usesTools()
                    ? Optional.of(cleanup.add(startTools(workspace, world))) : Optional.empty();

            int port = LoopbackServers.freePort();
            listener.phaseStarted("start", "Starting the app on port " + port);
            Map<String, String> env = appEnvironment(port, model, tools, workspace);
            env.putAll(labServices.environment());
            AppHost host = sandboxImages.isPresent()
                    ? cleanup.add(openSandbox(sandboxImages.get(), model, tools, labServices, workspace, port)) : local;
            AppLaunch launch = new AppLaunch(command.get(), workspace.app(), env, port, lab.limits().start(),
                    lab.health());
            // Added after the host, so closed before it: replicas run on the host.
            Replicas replicas = cleanup.add(new Replicas(host, workspace.root().resolve("replicas")));
            RunningApp.Started started = RunningApp.start(launch, host, replicas);
            cleanup.add(started.app());
            app = started.app();
            listener.phaseFinished("start", started.outcome().ok());
            startMs = started.outcome().duration().toMillis();
            if (!started.outcome().ok()) {
                return notGraded(GradeStatus.START_FAILED, started.outcome().reason(), started.outcome().log());
            }

            DockerContainerImages images = cleanup.add(new DockerContainerImages());
            GradingEnvironment environment = new GradingEnvironment(started.app().url(), script, traffic,
                    traffic.snapshot(), lab.fixtures(), lab.hidden(), started.app(), world, Map.copyOf(env), lab.models(),
                    live.unavailable(), speech.unavailable(), labServices.byName(), images, workspace.app(),
                    cleanup.add(browserFor(checks)));
            AtomicBoolean outOfTime = new AtomicBoolean();
            ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("labkit-watchdog"));
            cleanup.add(watchdog::shutdownNow);
            watchdog.schedule(() -> {
                outOfTime.set(true);
                started.app().stopProcess();
                replicas.endCheck();
            }, remaining(), TimeUnit.NANOSECONDS);

            listener.phaseStarted("checks", "Running " + checks.size() + " checks");
            long checksStarted = System.nanoTime();
            // What a check started (replicas, balancers, containers) ends with it.
            Runnable endCheck = () -> {
                replicas.endCheck();
                images.endCheck();
            };
            Runnable settleApp = () -> {
                endCheck.run(); // again: a check cut off while it started one may have left it behind
                if (!outOfTime.get()) {
                    started.app().settleBeforeCheck().ifPresent(this::warn);
                }
            };
            SuiteRunner.Run run =
                    SuiteRunner.run(suite, checks, withheld(), environment, lab.limits().check(), listener,
                            settleApp, endCheck, workspace.root().resolve("check-files"), output(started.app()));
            checksMs = Duration.ofNanos(System.nanoTime() - checksStarted).toMillis();
            listener.phaseFinished("checks", true);
            started.app().requireIntactLog();
            String reason = outOfTime.get()
                    ? "the total time limit of " + lab.limits().total().toSeconds() + " s (limits.total) ran out:"
                            + " the app was stopped and the remaining checks failed"
                    : "";
            List<Diagnosis> diagnoses = new Diagnoser(run.results(), run.evidence(), lab.models(),
                    env.get("OLLAMA_BASE_URL"), lab.health()).diagnose();
            // An app that stopped answering says why in its log, which is otherwise shown for failed starts only.
            boolean stopped = diagnoses.stream().anyMatch(d -> d.id().equals(Diagnosis.APP_STOPPED));
            return result(keepScreenshots(Diagnoser.explain(run.results(), diagnoses)), reason,
                    outOfTime.get() || stopped ? started.app().logTail() : "").withDiagnosis(diagnoses);
        }

        /**
         * The screenshots of failed browser checks moved out of the run's copy (deleted at its end) into the
         * request's evidence folder, as {@code <check id>-page-N.png}; a screenshot that cannot be kept is a warning.
         */
        private List<CheckResult> keepScreenshots(List<CheckResult> results) {
            if (results.stream().allMatch(r -> r.browser().screenshots().isEmpty())) {
                return results;
            }
            Path folder;
            try {
                folder = request.evidenceDir().isPresent() ? Files.createDirectories(request.evidenceDir().get())
                        : Files.createTempDirectory("labkit-screenshots-");
            } catch (IOException e) {
                warn("cannot make a folder for the screenshots of failed browser checks (" + e.getMessage()
                        + "): they are not kept");
                return results.stream().map(r -> r.withBrowser(new BrowserEvidence(List.of(),
                        r.browser().consoleErrors()))).toList();
            }
            List<CheckResult> kept = new ArrayList<>();
            for (CheckResult result : results) {
                List<Path> screenshots = new ArrayList<>();
                int page = 1;
                for (Path screenshot : result.browser().screenshots()) {
                    Path target = folder.resolve(result.id() + "-page-" + page++ + ".png").toAbsolutePath();
                    try {
                        Files.move(screenshot, target, StandardCopyOption.REPLACE_EXISTING);
                        screenshots.add(target);
                    } catch (IOException e) {
                        warn("cannot keep the screenshot " + screenshot + " of " + result.id() + " in " + folder
                                + ": " + e.getMessage());
                    }
                }
                kept.add(result.withBrowser(new BrowserEvidence(screenshots, result.browser().consoleErrors())));
            }
            return kept;
        }

        /** The browser for the lab's browser checks, looked for only when it has some. */
        private BrowserLauncher browserFor(List<CheckDefinition> checks) {
            return checks.stream().anyMatch(c -> c.tier() == Tier.BROWSER) ? BrowserLauncher.discover(environment)
                    : new BrowserLauncher(BrowserDiscovery.Lookup.missing("the lab has no browser checks"));
        }

        /** Deletes the run's copy once all is stopped; what stays is said, with its path, to the user and in the result. */
        private void deleteWorkspace(Workspace workspace) {
            for (String leftover : workspace.delete()) {
                warn("could not delete " + leftover + ": remove it yourself");
            }
        }

        /** A warning for the user, now and in the result. */
        private void warn(String warning) {
            synchronized (warnings) {
                warnings.add(warning);
            }
            listener.warning(warning);
        }

        /** For {@code --sandbox container}: Docker checked and the images there, before anything is built. */
        private Optional<ContainerSandbox.Images> prepareSandbox(SubmissionConfig config) {
            if (request.sandbox() != SandboxMode.CONTAINER) {
                return Optional.empty();
            }
            listener.phaseStarted("sandbox", "Preparing the container sandbox");
            boolean ready = false;
            try {
                ContainerSandbox.Images images = ContainerSandbox.prepare(lab.sandbox(), config.start().isPresent(),
                        environment, detail -> listener.progress("sandbox", detail));
                ready = true;
                return Optional.of(images);
            } finally {
                listener.phaseFinished("sandbox", ready);
            }
        }

        /**
         * The sandbox relays the lab model, the tools world and the lab's services (those on this machine's
         * loopback) into the app's network, and its port out.
         */
        private ContainerSandbox openSandbox(ContainerSandbox.Images images, LabModelServer model,
                Optional<ToolsWorldServer> tools, LabServices labServices, Workspace workspace, int port) {
            List<Integer> services = new ArrayList<>(List.of(model.baseUrl().getPort()));
            tools.ifPresent(server -> services.add(server.baseUrl().getPort()));
            services.addAll(labServices.loopbackPorts());
            labServices.beyondLoopback().forEach(service -> warn("the sandboxed app cannot reach " + service
                    + " (not on this machine's loopback, which is all the sandbox relays): give one on 127.0.0.1"
                    + " (--service), or use --services process or embedded"));
            return ContainerSandbox.open(images, lab.sandbox(), workspace, services, port, leftovers);
        }

        private long remaining() {
            return Math.max(0, lab.limits().total().toNanos() - (System.nanoTime() - startedNanos));
        }

        /** Whether the lab's app gets the tools world ({@value #TOOLS_PLACEHOLDER} in an env value). */
        private boolean usesTools() {
            return lab.env().values().stream().anyMatch(v -> v.contains(TOOLS_PLACEHOLDER));
        }

        private Map<String, String> appEnvironment(int port, LabModelServer model, Optional<ToolsWorldServer> tools,
                Workspace workspace) {
            Map<String, String> env = new HashMap<>();
            lab.env().forEach((name, value) -> {
                String resolved = value;
                if (resolved.contains(FIXTURES_PLACEHOLDER)) {
                    resolved = resolved.replace(FIXTURES_PLACEHOLDER, workspace.fixtures(lab.fixtures()).toString());
                }
                if (tools.isPresent()) {
                    resolved = resolved.replace(TOOLS_PLACEHOLDER, tools.get().baseUrl().toString());
                }
                resolved = resolved.replace(SPEECH_PLACEHOLDER, model.speechBaseUrl().toString());
                env.put(name, resolved);
            });
            env.put("PORT", Integer.toString(port));
            env.put("HOST", "127.0.0.1");
            env.put("OLLAMA_BASE_URL", model.baseUrl().toString());
            env.put("LAB_DATA_DIR", workspace.data().toString());
            lab.models().forEach((role, name) -> env.put(LabManifest.modelVariable(role), name));
            if (lab.models().containsKey(LabManifest.TTS_ROLE)) {
                env.put(TTS_VOICE_VARIABLE, speech.voice());
            }
            return env;
        }

        /** The world serves the run's copy of the fixtures, like everything else the app sees. */
        private ToolsWorldServer startTools(Workspace workspace, ToolsWorld world) {
            try {
                return ToolsWorldServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        workspace.fixtures(lab.fixtures()).resolve("world"), world);
            } catch (IOException e) {
                throw LabException.of("cannot start the tools world on 127.0.0.1: " + e.getMessage(), e);
            }
        }

        /**
         * The lab's services ({@code services:} in lab.yaml), each answering, as the request's {@code --services}
         * says (shown as the phase {@code services}); none for a lab without services.
         */
        private LabServices provideServices() {
            if (lab.services().isEmpty()) {
                return LabServices.NONE;
            }
            listener.phaseStarted("services", "Providing the lab's services: " + String.join(", ",
                    lab.services().stream().map(s -> s.name()).toList()));
            boolean ok = false;
            try {
                LabServices provided = LabServices.provide(lab.services(), request.services(), environment,
                        detail -> listener.progress("services", detail));
                services = provided.served().stream()
                        .map(s -> new GradeResult.Service(s.name(), s.provider(), s.url())).toList();
                ok = true;
                return provided;
            } finally {
                listener.phaseFinished("services", ok);
            }
        }

        /** A real model for live checks, when the request asks for one: checked, and its models pulled. */
        private LiveModel provision() {
            if (request.models() instanceof ModelProvider.Embedded) {
                return LiveModel.none(NO_LIVE_MODEL);
            }
            listener.phaseStarted("models", "Looking for a real model for live checks");
            boolean ok = false;
            try {
                LiveModel provided = new OllamaProvisioner(detail -> listener.progress("models", detail))
                        .provide(request.models(), lab.chatModels(), environment);
                ok = true;
                return provided;
            } finally {
                listener.phaseFinished("models", ok);
            }
        }

        /** The exact transcripts of the lab's clips, from the run's copy of its fixtures. */
        private Map<String, String> knownClips(Workspace workspace) {
            try {
                return KnownClips.under(workspace.fixtures(lab.fixtures()));
            } catch (UncheckedIOException e) {
                throw LabException.of(e.getMessage() + ": " + e.getCause().getMessage(), e);
            }
        }

        /**
         * A real speech server for the live checks of a lab's {@code stt} and {@code tts} roles, when the request
         * asks for real models and the lab has speech roles: checked, and its models downloaded.
         */
        private LiveSpeech provisionSpeech() {
            if (lab.speechModels().isEmpty() || request.models() instanceof ModelProvider.Embedded) {
                return LiveSpeech.none(NO_LIVE_SPEECH);
            }
            listener.phaseStarted("speech", "Looking for a speech server for live checks");
            boolean ok = false;
            try {
                LiveSpeech provided = new SpeechProvisioner(detail -> listener.progress("speech", detail))
                        .provide(request.models(), new TreeSet<>(lab.speechModels().values()), environment);
                ok = true;
                return provided;
            } finally {
                listener.phaseFinished("speech", ok);
            }
        }

        /**
         * The run's seat in the lab model hub, on a port of its own, in front of the real Ollama ({@code upstream})
         * and speech server ({@code speechUpstream}, ending in /v1) when there are some, knowing the exact
         * transcripts of the lab's clips.
         */
        private LabModelServer seatModel(LabModelHub hub, ModelScript script, ModelTraffic traffic, URI upstream,
                URI speechUpstream, Map<String, String> clipTranscripts) {
            try {
                return hub.seat(new LabModelServer.Config(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), script, traffic, lab.chatModels(),
                        lab.embeddingModels(), upstream).withSpeech(speechUpstream, clipTranscripts));
            } catch (IOException e) {
                throw LabException.of("cannot start the lab model server on 127.0.0.1: " + e.getMessage(), e);
            }
        }

        /** Hidden checks, when the lab comes from a learner pack: what they read is not there. */
        private List<CheckDefinition> withheld() {
            return lab.learnerEdition() ? checks.stream().filter(CheckDefinition::hidden).toList() : List.of();
        }

        private GradeResult notGraded(GradeStatus status, String reason, String log) {
            String note = "not run: " + (status == GradeStatus.BUILD_FAILED ? "the build failed" : "the app did not start");
            return new GradeResult(lab.id(), request.submission().toString(), 0,
                    checks.stream().filter(c -> c.tier() == Tier.CONTRACT)
                            .mapToInt(CheckDefinition::points).sum(),
                    status, reason, startedAt, elapsedMillis(), modelInfo(), sandbox(),
                    checks.stream().map(c -> c.tier() == Tier.CONTRACT
                            ? CheckResult.notRun(c, note)
                            : skipped(c, note)).toList(),
                    log, timings());
        }

        private GradeResult result(List<CheckResult> results, String reason, String log) {
            int score = results.stream().mapToInt(CheckResult::points).sum();
            int max = results.stream().filter(CheckResult::counts).mapToInt(CheckResult::maxPoints).sum();
            // Browser checks answer from the scripted model as contract checks do, so a page that fails one fails
            // the grade; skipped ones (no browser here) do not. A live check's verdict rests on a real model: it
            // changes the score only.
            boolean passed = results.stream()
                    .filter(r -> r.tier().equals(Tier.CONTRACT.id())
                            || r.tier().equals(Tier.BROWSER.id()) && r.counts())
                    .allMatch(r -> r.status() == CheckStatus.PASSED || r.status() == CheckStatus.WITHHELD);
            return new GradeResult(lab.id(), request.submission().toString(), score, max,
                    passed ? GradeStatus.PASSED : GradeStatus.FAILED, reason, startedAt, elapsedMillis(),
                    modelInfo(), sandbox(), results, log, timings());
        }

        /** Read once the run's cleanup is done: the last sweep's findings included. */
        GradeResult.ProcessCleanup processCleanup() {
            return new GradeResult.ProcessCleanup(containment, leftovers.processes());
        }

        private GradeResult.Timings timings() {
            return new GradeResult.Timings(buildMs, startMs, checksMs);
        }

        private String sandbox() {
            return request.sandbox().name().toLowerCase(Locale.ROOT);
        }

        private GradeResult.ModelInfo modelInfo() {
            return new GradeResult.ModelInfo(live.provider(), lab.models(),
                    lab.speechModels().isEmpty() ? Optional.empty() : Optional.of(speech.provider()));
        }

        private long elapsedMillis() {
            return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        }
    }

    private static CheckResult skipped(CheckDefinition check, String reason) {
        return new CheckResult(check.id(), check.title(), check.tier().id(), CheckStatus.SKIPPED, 0, 0, reason, "", 0,
                "", check.hidden());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The app's output, for the checks that do not pass (see {@link AppOutput}). */
    private static AppOutput output(RunningApp app) {
        return new AppOutput() {
            @Override
            public long mark() {
                return app.logMark();
            }

            @Override
            public String since(long mark, int lines) {
                return app.logSince(mark, lines);
            }
        };
    }
}
