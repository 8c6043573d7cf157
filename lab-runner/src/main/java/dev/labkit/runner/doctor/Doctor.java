package dev.labkit.runner.doctor;

import dev.labkit.runner.DockerEngine;
import dev.labkit.runner.LabException;
import dev.labkit.runner.browser.BrowserDiscovery;
import dev.labkit.runner.catalog.ServiceSpec;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.provision.ModelProvider;
import dev.labkit.runner.provision.OllamaProvisioner;
import dev.labkit.runner.provision.SpeechContainer;
import dev.labkit.runner.provision.SpeechProvisioner;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import dev.labkit.runner.services.RedisProvisioner;
import dev.labkit.runner.submission.LocalHost;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at what grading needs (Java, Maven) and what real models and the sandbox need (Docker,
 * cached images, a GPU, an Ollama, a speech server, disk space) and browser checks need (Chrome or Chromium
 * and its chromedriver), and says for each problem what to run. Every probe is bounded in time.
 */
public final class Doctor {

    static final Duration COMMAND_LIMIT = Duration.ofSeconds(10);
    static final long MIN_FREE_BYTES = 5L << 30;

    private final Map<String, String> environment;
    private final Path scratch;

    /**
     * @param environment where to read {@code OLLAMA_HOST}
     * @param scratch the folder whose disk holds builds and model downloads (the temp folder)
     */
    public Doctor(Map<String, String> environment, Path scratch) {
        this.environment = environment;
        this.scratch = scratch;
    }

    public List<Finding> examine() {
        List<Finding> findings = new ArrayList<>();
        findings.add(java());
        findings.add(maven());
        Finding docker = docker();
        findings.add(docker);
        findings.addAll(images(docker.level() == Finding.Level.OK));
        findings.add(containment());
        findings.add(gpu());
        findings.addAll(ollama());
        findings.add(speech(docker.level() == Finding.Level.OK));
        findings.addAll(services());
        findings.add(browser());
        findings.add(disk());
        return findings;
    }

    private Finding java() {
        int feature = Runtime.version().feature();
        String detail = "Java " + Runtime.version() + " at " + System.getProperty("java.home");
        return feature >= 17 ? new Finding(Finding.Level.OK, "Java", detail, "")
                : new Finding(Finding.Level.ERROR, "Java", detail, "install Java 17 or newer (apt-get install "
                        + "openjdk-17-jdk-headless)");
    }

    /** The browser browser checks run in (docs/browser.md): found with its driver, or what to install. */
    private Finding browser() {
        BrowserDiscovery.Lookup lookup = new BrowserDiscovery(environment).find();
        return lookup.installation()
                .map(found -> new Finding(Finding.Level.OK, "Browser", found.describe(), ""))
                .orElseGet(() -> new Finding(Finding.Level.WARN, "Browser", lookup.problem()
                        + " (browser checks are skipped)", BrowserDiscovery.INSTALL_HINT));
    }

    private Finding maven() {
        Optional<String> version = run("mvn", "-v").flatMap(out -> first(out, "Apache Maven ([0-9][0-9.]*)"));
        return version.map(v -> new Finding(Finding.Level.OK, "Maven", "Maven " + v, ""))
                .orElse(new Finding(Finding.Level.ERROR, "Maven", "mvn is not on the PATH or does not run",
                        "install Maven 3.8+ (apt-get install maven): it builds the runner and Java labs"));
    }

    private Finding docker() {
        Optional<String> client = run("docker", "--version");
        if (client.isEmpty()) {
            return new Finding(Finding.Level.WARN, "Docker", "not installed", "install Docker (apt-get install "
                    + "docker.io) to run real models in containers; grading with the lab model needs none");
        }
        Optional<String> server = run("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})")
                .filter(s -> !s.isBlank());
        if (server.isEmpty()) {
            return new Finding(Finding.Level.WARN, "Docker", "the client is installed but no engine answers",
                    "start it (sudo systemctl start docker, or sudo dockerd &)");
        }
        // The runner reaches it through Testcontainers, which may not find it (or only by pulling) where the CLI does.
        Optional<String> problem = DockerEngine.problem(COMMAND_LIMIT);
        return problem.map(why -> new Finding(Finding.Level.WARN, "Docker", "engine " + server.get().strip()
                        + ", but the runner cannot use it: " + why, "see docs/sandbox.md, \"Finding the engine offline\""))
                .orElse(new Finding(Finding.Level.OK, "Docker", "engine " + server.get().strip(), ""));
    }

    /** The images that spare downloads: cached model sets, and the sandbox's JRE; and the sandbox's build image. */
    private List<Finding> images(boolean engine) {
        String jre = environment.getOrDefault(ContainerSandbox.JRE_IMAGE_VARIABLE, ContainerSandbox.DEFAULT_JRE_IMAGE);
        String build = environment.getOrDefault(ContainerBuild.IMAGE_VARIABLE, ContainerBuild.DEFAULT_IMAGE);
        if (!engine) {
            // Also where an engine answers the CLI but not the runner (the Docker line says why).
            String fix = "make a Docker engine usable (see the Docker line) to look";
            String why = "unknown: no Docker engine the runner can use";
            return List.of(new Finding(Finding.Level.WARN, "Model images", why, fix),
                    new Finding(Finding.Level.WARN, "Sandbox image", jre + ": " + why, fix),
                    new Finding(Finding.Level.WARN, "Build image", build + ": " + why, fix));
        }
        List<String> cached = run("docker", "images", "--format", "{{.Repository}}:{{.Tag}} ({{.Size}})",
                ContainerModels.CACHE_REPOSITORY).map(out -> out.lines().filter(l -> !l.isBlank()).toList())
                .orElse(List.of());
        Finding models = new Finding(Finding.Level.OK, "Model images", cached.isEmpty()
                ? "none cached yet: the first --models container run pulls the models and caches them"
                : String.join(", ", cached), "");
        Finding sandbox = run("docker", "image", "inspect", "--format", "{{.Size}}", jre)
                .map(size -> new Finding(Finding.Level.OK, "Sandbox image", jre + " is local", ""))
                .orElse(new Finding(Finding.Level.WARN, "Sandbox image", jre + " is not local",
                        "--sandbox container pulls it on first use; offline, run docker/jre-base.sh and set "
                                + ContainerSandbox.JRE_IMAGE_VARIABLE + "=labkit/jre-base:17"));
        Finding builder = run("docker", "image", "inspect", "--format", "{{.Size}}", build)
                .map(size -> new Finding(Finding.Level.OK, "Build image", build + " is local", ""))
                .orElse(new Finding(Finding.Level.WARN, "Build image", build + " is not local",
                        "--sandbox container builds submissions in it: make it with docker/build-base.sh"
                                + " (from this machine's JDK and Maven 3.9)"));
        return List.of(models, sandbox, builder);
    }

    /** How a process-mode build's and app's processes are held, so that none outlives grading. */
    private Finding containment() {
        LocalHost.Holding holding = LocalHost.holding();
        return new Finding(holding.complete() ? Finding.Level.OK : Finding.Level.WARN, "Processes",
                holding.kind() + ": " + holding.summary(), holding.complete() ? ""
                        : "a submission's detached process may escape when grading ends: run as root, allow"
                                + " unprivileged user namespaces (util-linux unshare), or grade with --sandbox container");
    }

    private Finding gpu() {
        Optional<String> gpus = run("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader");
        return gpus.filter(g -> !g.isBlank())
                .map(g -> new Finding(Finding.Level.OK, "GPU", g.strip().replace("\n", "; "), ""))
                .orElse(new Finding(Finding.Level.WARN, "GPU", "no NVIDIA GPU found (nvidia-smi)",
                        "none needed: real models run on the CPU, more slowly"));
    }

    private List<Finding> ollama() {
        URI url = ModelProvider.ollamaUrl(environment.getOrDefault("OLLAMA_HOST", "127.0.0.1:11434"));
        OllamaProvisioner ollama = new OllamaProvisioner(progress -> { });
        OllamaProvisioner.Answer answer = ollama.ask(url);
        if (answer.kind() == OllamaProvisioner.Answer.Kind.LAB_MODEL) {
            return List.of(new Finding(Finding.Level.WARN, "Ollama", url + " is a LabKit lab model (lab model "
                    + "serve), not a real model", "stop it, or run a real Ollama on another port and set OLLAMA_HOST"));
        }
        String none = "for live checks: install Ollama and run `ollama serve` (or set OLLAMA_HOST)";
        if (answer.kind() == OllamaProvisioner.Answer.Kind.OTHER) {
            return List.of(new Finding(Finding.Level.WARN, "Ollama", url + " answered " + answer.status()
                    + " to /api/version: not an Ollama", none));
        }
        try {
            if (answer.kind() == OllamaProvisioner.Answer.Kind.OLLAMA) {
                List<String> models = ollama.installed(url).stream().sorted().toList();
                return List.of(new Finding(Finding.Level.OK, "Ollama", url + " answers (" + answer.version()
                        + "); models: " + (models.isEmpty() ? "none yet" : String.join(", ", models)),
                        models.isEmpty() ? "lab check pulls the models a lab needs, or run: ollama pull qwen2.5:0.5b" : ""));
            }
        } catch (LabException e) {
            // It stopped answering between the two requests: as good as none.
        }
        return List.of(new Finding(Finding.Level.WARN, "Ollama", "none answers at " + url, none));
    }

    /**
     * The speech server live speech checks would use: {@code LABKIT_SPEECH_URL} if set (does it answer, with
     * which models), else the speech image in Docker (local or not, and the model sets cached), else none.
     */
    private Finding speech(boolean engine) {
        String subject = "Speech";
        String url = environment.getOrDefault(SpeechProvisioner.URL_VARIABLE, "").strip();
        SpeechProvisioner speech = new SpeechProvisioner(progress -> { });
        if (!url.isEmpty()) {
            URI v1;
            try {
                v1 = SpeechProvisioner.v1(url);
            } catch (LabException e) {
                return new Finding(Finding.Level.WARN, subject, e.getMessage(), "fix " + SpeechProvisioner.URL_VARIABLE);
            }
            Optional<String> problem = speech.probe(v1);
            if (problem.isPresent()) {
                return new Finding(Finding.Level.WARN, subject, problem.get() + " (" + SpeechProvisioner.URL_VARIABLE
                        + ")", "start it, or unset " + SpeechProvisioner.URL_VARIABLE + " to use one in Docker");
            }
            try {
                List<String> models = speech.installed(v1).stream().sorted().toList();
                return new Finding(Finding.Level.OK, subject, v1 + " answers (" + SpeechProvisioner.URL_VARIABLE
                        + "); models: " + (models.isEmpty() ? "none yet" : String.join(", ", models)), "");
            } catch (LabException e) {
                return new Finding(Finding.Level.WARN, subject, e.getMessage(), "check the server at " + v1);
            }
        }
        String image = SpeechContainer.image(environment);
        String none = "for live speech checks: set " + SpeechProvisioner.URL_VARIABLE + "=http://host:8000 (a speech"
                + " server with OpenAI's audio API), or run Docker for --models container";
        if (!engine) {
            return new Finding(Finding.Level.WARN, subject, SpeechProvisioner.URL_VARIABLE
                    + " is not set and no Docker engine the runner can use: live speech checks are skipped", none);
        }
        List<String> cached = run("docker", "images", "--format", "{{.Repository}}:{{.Tag}} ({{.Size}})",
                SpeechContainer.CACHE_REPOSITORY).map(out -> out.lines().filter(l -> !l.isBlank()).toList())
                .orElse(List.of());
        String models = cached.isEmpty() ? "no model set cached yet" : "cached: " + String.join(", ", cached);
        return run("docker", "image", "inspect", "--format", "{{.Size}}", image)
                .map(size -> new Finding(Finding.Level.OK, subject, "in Docker from " + image + " (local); " + models, ""))
                .orElse(new Finding(cached.isEmpty() ? Finding.Level.WARN : Finding.Level.OK, subject,
                        "in Docker from " + image + " (not local); " + models, cached.isEmpty()
                                ? "lab check --models container pulls it on first use; offline, set "
                                        + SpeechProvisioner.URL_VARIABLE + " or " + SpeechContainer.IMAGE_VARIABLE
                                : ""));
    }

    /**
     * One line per service kind a lab may declare ({@code services:} in lab.yaml): which provider {@code lab check
     * --services auto} would use here, and why not the ones before it.
     */
    private List<Finding> services() {
        List<Finding> findings = new ArrayList<>();
        for (String kind : ServiceSpec.KINDS.stream().sorted().toList()) {
            String subject = "Services";
            List<RedisProvisioner.Option> options;
            try {
                options = new RedisProvisioner(environment, progress -> { }).options(new ServiceSpec(kind, Optional.empty()));
            } catch (LabException e) {
                findings.add(new Finding(Finding.Level.WARN, subject, kind + ": " + e.getMessage(), "fix "
                        + RedisProvisioner.URL_VARIABLE));
                continue;
            }
            RedisProvisioner.Option given = options.get(0);
            if (!given.detail().isEmpty() && given.unavailable().isPresent()) {
                // lab check takes a given URL or nothing: it would stop at once.
                findings.add(new Finding(Finding.Level.WARN, subject, kind + ": url: " + given.unavailable().get()
                        + " (" + RedisProvisioner.URL_VARIABLE + "): lab check would stop there", "start it, or unset "
                        + RedisProvisioner.URL_VARIABLE + " to let lab check start one"));
                continue;
            }
            List<String> notUsed = new ArrayList<>();
            RedisProvisioner.Option chosen = null;
            for (RedisProvisioner.Option option : options) {
                if (option.unavailable().isEmpty()) {
                    chosen = option;
                    break;
                }
                notUsed.add(option.provider() + ": " + option.unavailable().get());
            }
            String detail = kind + ": " + (chosen == null ? "none" : chosen.provider() + " (" + chosen.detail() + ")");
            boolean best = chosen != null && !chosen.provider().equals("embedded");
            findings.add(new Finding(best ? Finding.Level.OK : Finding.Level.WARN, subject, detail
                    + (notUsed.isEmpty() ? "" : "; not " + String.join("; not ", notUsed)), best ? ""
                    : "the embedded " + kind + " serves labs; for a real one: apt-get install redis-server, or make "
                            + "its image local for Docker (docker/redis-base.sh, then " + RedisProvisioner.IMAGE_VARIABLE
                            + "=labkit/redis-base:local)"));
        }
        return findings;
    }

    private Finding disk() {
        try {
            long free = Files.getFileStore(scratch).getUsableSpace();
            String detail = String.format(Locale.ROOT, "%.1f GB free for builds and models in %s", free / 1e9, scratch);
            return free >= MIN_FREE_BYTES ? new Finding(Finding.Level.OK, "Disk", detail, "")
                    : new Finding(Finding.Level.WARN, "Disk", detail, "free some space: a model takes 0.4-3 GB");
        } catch (IOException e) {
            return new Finding(Finding.Level.WARN, "Disk", "cannot read the free space of " + scratch, "");
        }
    }

    /** A command's output if it ran and exited 0 within the limit. */
    static Optional<String> run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
