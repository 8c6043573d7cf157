package dev.labkit.runner.pack;

import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.provision.ContainerModels;
import dev.labkit.runner.sandbox.ContainerBuild;
import dev.labkit.runner.sandbox.ContainerSandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The container images of a pack's labs, saved beside it for classrooms without a registry ({@code
 * docker save}) and loaded there ({@code docker load}), with the Docker CLI. A lab needs its models
 * image (Ollama with the lab's models pulled, {@code labkit/ollama-models:<hash>}, made by a run with
 * {@code --models container}) and the image its sandbox {@code start:} apps run on, if {@code lab.yaml}
 * names one; the sandbox's build and JRE images go along when they are local.
 */
public final class PackImages {

    /** How long a quick question to Docker ({@code docker version}, {@code docker image inspect}) may take. */
    private static final Duration QUESTION = Duration.ofSeconds(15);
    /** How long saving or loading gigabytes may take. */
    private static final Duration TRANSFER = Duration.ofMinutes(60);

    private final Map<String, String> environment;
    private final String docker;

    /**
     * @param environment where {@code LABKIT_OLLAMA_IMAGE}, {@code LABKIT_BUILD_IMAGE} and {@code LABKIT_JRE_IMAGE} are read
     * @param docker the Docker CLI to run ({@code docker}, found on the PATH)
     */
    public PackImages(Map<String, String> environment, String docker) {
        this.environment = Map.copyOf(environment);
        this.docker = docker;
    }

    /** The images file beside a pack: {@code NAME.labpack} -> {@code NAME.images.tar}. */
    public static Path imagesFile(Path pack) {
        String name = pack.getFileName().toString();
        String base = name.endsWith(".labpack") ? name.substring(0, name.length() - ".labpack".length()) : name;
        return pack.resolveSibling(base + ".images.tar");
    }

    /**
     * The images {@code labs} need, each with why (for messages): required ones first, then the
     * sandbox's build and JRE images, which are optional.
     *
     * @return image name -> true when required
     */
    Map<String, Boolean> images(List<LabManifest> labs) {
        Map<String, Boolean> images = new LinkedHashMap<>();
        String ollama = environment.getOrDefault("LABKIT_OLLAMA_IMAGE", ContainerModels.DEFAULT_IMAGE);
        for (LabManifest lab : labs) {
            if (!lab.chatModels().isEmpty()) {
                images.put(ContainerModels.cachedImage(ollama, lab.chatModels()), true);
            }
            lab.sandbox().image().ifPresent(image -> images.put(image, true));
        }
        images.putIfAbsent(environment.getOrDefault(ContainerBuild.IMAGE_VARIABLE, ContainerBuild.DEFAULT_IMAGE), false);
        images.putIfAbsent(environment.getOrDefault(ContainerSandbox.JRE_IMAGE_VARIABLE,
                ContainerSandbox.DEFAULT_JRE_IMAGE), false);
        return images;
    }

    /**
     * Saves the images {@code labs} need into {@code file} (written beside and moved into place).
     *
     * @param progress told each image saved or left out, and the file's size
     * @return the images saved
     * @throws LabException when Docker does not answer or a required image is not local
     */
    public List<String> save(List<LabManifest> labs, Path file, Consumer<String> progress) {
        requireEngine();
        List<String> saved = new ArrayList<>();
        String ollama = environment.getOrDefault("LABKIT_OLLAMA_IMAGE", ContainerModels.DEFAULT_IMAGE);
        for (Map.Entry<String, Boolean> image : images(labs).entrySet()) {
            if (isLocal(image.getKey())) {
                saved.add(image.getKey());
            } else if (image.getValue()) {
                throw LabException.of("image " + image.getKey() + " is not in this machine's Docker"
                        + (image.getKey().startsWith(ContainerModels.CACHE_REPOSITORY + ":")
                                ? " (" + ollama + " with the labs' models): make it with `lab check <lab>/solution"
                                        + " --models container` once per lab, then pack again"
                                : ": pull or build it, then pack again"));
            } else {
                progress.accept("left out " + image.getKey() + " (not local; needed only for --sandbox container)");
            }
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        List<String> command = new ArrayList<>(List.of(docker, "save", "-o", partial.toString()));
        command.addAll(saved);
        progress.accept("saving " + String.join(", ", saved) + " into " + file);
        try {
            run(command, TRANSFER, "save the images");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("wrote " + file + " (" + Files.size(file) / (1024 * 1024) + " MB)");
        } catch (IOException e) {
            throw LabException.of("cannot write " + file + " (" + e.getMessage() + "): choose a writable folder", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // reported by the error above, if any
            }
        }
        return saved;
    }

    /**
     * Loads a file made by {@link #save} ({@code docker load}).
     *
     * @return what Docker said it loaded, one line per image ({@code Loaded image: name:tag})
     */
    public List<String> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw LabException.of("no images file at " + file + ": give the NAME.images.tar made by"
                    + " `lab pack ... --with-images`");
        }
        requireEngine();
        return run(List.of(docker, "load", "-i", file.toString()), TRANSFER, "load " + file).lines()
                .filter(line -> !line.isBlank()).toList();
    }

    /** Whether Docker has {@code image} locally. */
    boolean isLocal(String image) {
        try {
            Process process = new ProcessBuilder(docker, "image", "inspect", "--format", "{{.Id}}", image)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(QUESTION.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            throw LabException.interrupted("asking Docker for " + image, e);
        }
    }

    private void requireEngine() {
        try {
            run(List.of(docker, "version", "--format", "{{.Server.Version}}"), QUESTION, "reach the Docker engine");
        } catch (LabException e) {
            throw LabException.of("Docker is not running or not reachable (" + e.getMessage()
                    + "): start Docker (or set DOCKER_HOST), then run the command again");
        }
    }

    /** Runs a Docker command; its standard output, or a one-line error with the last line it wrote to stderr. */
    private String run(List<String> command, Duration limit, String doing) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("labkit-docker-", ".out");
            err = Files.createTempFile("labkit-docker-", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw LabException.of("cannot run " + docker + " (" + e.getMessage() + "): install the Docker CLI", e);
            }
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw LabException.of("docker did not " + doing + " within " + limit.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                String last = Files.readString(err, StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b)
                        .orElse("exit code " + process.exitValue());
                throw LabException.of("docker could not " + doing + ": " + last);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw LabException.of("cannot run " + docker + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            throw LabException.interrupted("waiting for docker to " + doing, e);
        } finally {
            for (Path file : new Path[] {out, err}) {
                try {
                    if (file != null) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }
}
