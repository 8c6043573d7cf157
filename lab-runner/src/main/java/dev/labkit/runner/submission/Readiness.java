package dev.labkit.runner.submission;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for a started app instance to answer its health path ({@link AppLaunch#health()}) with 200, within
 * its start limit; stops waiting the moment its process ends, and then says so with its exit code (after the
 * STYLE guide's readiness strategy: Testcontainers' {@code HttpWaitStrategy}).
 */
final class Readiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /**
     * Polls {@code GET http://127.0.0.1:<port><health>} every 50 ms until it answers 200, the process ends, or
     * the start limit (counted from {@code startedNanos}) runs out.
     *
     * @param who how messages name the instance: {@code the app}, {@code the replica}
     * @return success, or a failure whose reason says which of the three happened
     */
    Outcome await(AppProcess process, LogTail log, AppLaunch launch, long startedNanos, String who) {
        long deadline = startedNanos + launch.startLimit().toNanos();
        URI health = URI.create("http://127.0.0.1:" + launch.port() + launch.health());
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process.awaitLog();
                log.requireIntact(who);
                return Outcome.failure(who + " exited with code " + process.exitCode() + " before answering GET "
                        + launch.health() + ": see its log below", log.text(), Builder.since(startedNanos));
            }
            if (isHealthy(health)) {
                return Outcome.success(log.text(), Builder.since(startedNanos));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                throw LabException.interrupted("waiting for " + who + " to start", e);
            }
        }
        log.requireIntact(who);
        return Outcome.failure(who + " did not answer GET " + launch.health() + " with 200 on port " + launch.port()
                + " within " + Builder.seconds(launch.startLimit()) + " (does it listen on the port given in PORT?)",
                log.text(), Builder.since(startedNanos));
    }

    private boolean isHealthy(URI health) {
        try {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(PROBE_TIMEOUT).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
