package dev.labkit.runner.modelserver;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line program the lab model uses when it is installed (an OCR engine, a speech
 * recogniser): found on the {@code PATH}, run with a time limit, its standard output read as UTF-8.
 * Plain {@link ProcessBuilder}, no library.
 */
final class ExternalTool {

    private final String name;
    private final Duration limit;

    ExternalTool(String name, Duration limit) {
        this.name = name;
        this.limit = limit;
    }

    String name() {
        return name;
    }

    /** The program's file on the {@code PATH}, if it is installed. */
    Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    boolean installed() {
        return find().isPresent();
    }

    /**
     * Runs the program with {@code arguments}; its standard error is discarded.
     *
     * @return its standard output
     * @throws IOException when it is not installed, cannot start, exits with a non-zero status, or runs
     *     longer than the limit (it is then killed)
     */
    String run(List<String> arguments) throws IOException {
        Path program = find().orElseThrow(() -> new IOException(name + " is not installed"));
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close(); // it reads nothing from its standard input
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(name + " took longer than " + limit.toSeconds() + " s and was stopped");
            }
            byte[] bytes = output.get(5, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IOException(name + " exited with status " + process.exitValue());
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + name + " ran", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the output of " + name + " could not be read: " + e, e);
        }
    }
}
