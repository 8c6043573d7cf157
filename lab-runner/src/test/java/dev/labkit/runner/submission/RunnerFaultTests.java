package dev.labkit.runner.submission;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labkit.runner.LabException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault in the runner's own reading of an app's output is the runner's: the app is not graded
 * for it. The fault is simulated (recorded in the log, as the output pump records one); the app and
 * its process are real.
 */
class RunnerFaultTests {

    @TempDir
    Path dir;

    @Test
    void anAppThatExitsWhileTheRunnersReadingHasFailedIsNotBlamedForIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LocalHost local = new LocalHost(dir, new Leftovers());
        AppHost failingReader = new AppHost() {
            @Override
            public String java() {
                return local.java();
            }

            @Override
            public AppProcess start(AppLaunch launch, LogTail log) {
                AppProcess process = local.start(launch, log);
                log.readerFailed(new OutOfMemoryError("Java heap space (simulated)"));
                return process;
            }
        };
        AppLaunch launch = new AppLaunch(List.of("sh", "-c", "echo Sprout starting; exit 3"), dir, Map.of(), port,
                Duration.ofSeconds(20));

        try (local) {
            assertThatThrownBy(() -> RunningApp.start(launch, failingReader))
                    .isInstanceOf(LabException.class)
                    .hasMessageStartingWith("the runner failed while reading the output of the app"
                            + " (java.lang.OutOfMemoryError: Java heap space (simulated)): nothing was graded");
        }
    }
}
