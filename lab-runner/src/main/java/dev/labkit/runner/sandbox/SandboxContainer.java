package dev.labkit.runner.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.labkit.checks.sdk.AppInstance.Termination;
import dev.labkit.runner.catalog.SandboxSpec;
import dev.labkit.runner.submission.AppProcess;
import dev.labkit.runner.submission.LogTail;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One confined container: a non-root user, a read-only root file system with a small {@code /tmp},
 * no capabilities, CPU, memory and process limits, and only the network it is given (none, or the
 * relay's). Its output goes to a {@link LogTail}.
 */
final class SandboxContainer implements AppProcess {

    /** On every sandbox container, so that leftovers (the runner killed with -9) are easy to find. */
    static final String LABEL = "dev.labkit.sandbox";

    /** The user sandboxed code runs as when the runner itself runs as root. */
    static final String DEFAULT_USER = "1000:1000";

    private static final int STOP_GRACE_SECONDS = 3;
    private static final long PIDS_LIMIT = 512;

    private final GenericContainer<?> container;
    private final LogTail log;
    private final CountDownLatch logEnded = new CountDownLatch(1);
    private ResultCallback.Adapter<Frame> output;
    private Runnable beforeStop = () -> { };
    private Runnable afterStop = () -> { };
    private List<String> groups = List.of();

    /**
     * @param network {@code none}, or {@code container:<id>} to share that container's network
     * @param binds host path to container path; a container path ending in {@code :ro} is read-only
     */
    SandboxContainer(String image, List<String> command, Map<String, String> env, String workDir, String user,
            String network, Map<String, String> binds, SandboxSpec limits, LogTail log) {
        this.log = log;
        container = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand(command.toArray(String[]::new))
                .withEnv(env)
                .withWorkingDirectory(workDir)
                .withLabel(LABEL, "true")
                // The grader decides whether the app came up (GET /health), and reports an early exit itself.
                .withStartupCheckStrategy(new NoStartupCheck())
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withUser(user);
                    HostConfig host = cmd.getHostConfig() == null ? new HostConfig() : cmd.getHostConfig();
                    cmd.withHostConfig(host
                            .withNetworkMode(network)
                            .withReadonlyRootfs(true)
                            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + tmpSize(limits) + ",mode=1777"))
                            .withBinds(binds.entrySet().stream()
                                    .map(b -> Bind.parse(b.getKey() + ":" + b.getValue())).toList())
                            .withMemory(limits.memoryBytes())
                            .withMemorySwap(limits.memoryBytes())
                            .withNanoCPUs(Math.round(limits.cpus() * 1e9))
                            .withPidsLimit(PIDS_LIMIT)
                            .withCapDrop(Capability.ALL)
                            .withSecurityOpts(List.of("no-new-privileges"))
                            .withGroupAdd(groups));
                });
    }

    // /tmp is memory (tmpfs) and counts against the limit: a quarter of it.
    private static long tmpSize(SandboxSpec limits) {
        return limits.memoryBytes() / 4;
    }

    /** Adds supplementary groups (numeric ids) to its user, for files it must read and whose owner it is not. */
    SandboxContainer inGroups(List<String> gids) {
        this.groups = List.copyOf(gids);
        return this;
    }

    /** Runs {@code action} when the container is closed, before it is stopped (while it may still run). */
    SandboxContainer beforeStop(Runnable action) {
        this.beforeStop = action;
        return this;
    }

    /** Runs {@code action} once the container is closed (after it is removed). */
    SandboxContainer afterStop(Runnable action) {
        this.afterStop = action;
        return this;
    }

    SandboxContainer start() {
        container.start();
        output = client().logContainerCmd(id()).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new OutputFollower());
        return this;
    }

    /**
     * The container's output as Docker sends it, piece by piece into the log (Testcontainers' own log
     * consumer would first gather each whole line in memory, and a line may be endless).
     */
    private final class OutputFollower extends ResultCallback.Adapter<Frame> {
        private boolean logging = true;

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (logging && payload != null) {
                try {
                    log.write(payload, 0, payload.length);
                } catch (Throwable fault) {
                    logging = false;
                    log.readerFailed(fault);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            logEnded.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            logEnded.countDown();
            super.onComplete();
        }
    }

    String id() {
        return container.getContainerId();
    }

    private InspectContainerResponse.ContainerState state() {
        return client().inspectContainerCmd(id()).exec().getState();
    }

    @Override
    public boolean isAlive() {
        try {
            return Boolean.TRUE.equals(state().getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Waits up to {@code timeout} for its main process to end by itself; true when it did. */
    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try (WaitContainerResultCallback wait = client().waitContainerCmd(id()).exec(new WaitContainerResultCallback())) {
            return wait.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS) || !isAlive();
        } catch (IOException e) {
            return !isAlive();
        }
    }

    @Override
    public int exitCode() {
        Long code = state().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    @Override
    public void awaitLog() {
        try {
            logEnded.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The command lines of the container's processes that have left its main process's session
     * (detached: a daemon's fork, setsid, fork), while it runs; as Docker's {@code top} shows them.
     */
    List<String> detachedProcesses() {
        try {
            long main = state().getPidLong();
            TopContainerResponse top = client().topContainerCmd(id()).withPsArgs("-o pid,sid,args").exec();
            List<String> titles = List.of(top.getTitles());
            int pid = titles.indexOf("PID");
            int sid = titles.indexOf("SID");
            String mainSession = Stream.of(top.getProcesses()).filter(row -> Long.parseLong(row[pid]) == main)
                    .map(row -> row[sid]).findFirst().orElseThrow();
            return Stream.of(top.getProcesses()).filter(row -> !row[sid].equals(mainSession))
                    .map(row -> row[titles.size() - 1]).toList();
        } catch (RuntimeException e) {
            // Not running any more (its processes went with it), or no ps on the Docker host.
            return List.of();
        }
    }

    /**
     * {@code docker kill --signal SIGTERM}: the signal goes to the container's main process, the app's start
     * command (the sandbox runs no init in front of it); then up to {@code grace} for it to exit, then SIGKILL
     * and removed as {@link #close()} does.
     */
    @Override
    public Termination terminate(Duration grace) {
        long signalled = System.nanoTime();
        if (!isAlive()) {
            awaitLog();
            int code = exitCode();
            close();
            return new Termination(true, code, Duration.ZERO);
        }
        try {
            client().killContainerCmd(id()).withSignal("SIGTERM").exec();
        } catch (RuntimeException e) {
            // It ended between the look and the signal: the wait below says so.
        }
        boolean exited;
        try {
            exited = waitFor(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        int code = -1;
        if (exited) {
            awaitLog();
            code = exitCode();
        } else {
            try {
                client().killContainerCmd(id()).withSignal("SIGKILL").exec();
            } catch (RuntimeException e) {
                // Ended at the last moment: close() below removes it all the same.
            }
            took = Duration.ofNanos(System.nanoTime() - signalled);
        }
        close();
        return new Termination(exited, code, took);
    }

    /** SIGTERM with a grace period (an app may save its data on the way out), then removed. */
    @Override
    public void close() {
        String id = container.getContainerId();
        if (id != null) {
            beforeStop.run();
            try {
                client().stopContainerCmd(id).withTimeout(STOP_GRACE_SECONDS).exec();
            } catch (RuntimeException e) {
                // Already stopped or gone: removing it below is all that is left.
            }
        }
        container.stop();
        if (output != null) {
            try {
                output.close();
            } catch (IOException e) {
                // The stream ended with the container.
            }
        }
        afterStop.run();
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Starting is enough: whether the app is up is the grader's question. */
    private static final class NoStartupCheck extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }
}
