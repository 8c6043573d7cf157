package dev.labkit.runner.services;

import dev.labkit.checks.sdk.LabService;
import dev.labkit.runner.catalog.ServiceSpec;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The services of one grading run, each provided and answering: what the app gets ({@code LAB_<NAME>_URL}),
 * what checks get ({@link LabService}), and what the result says. Closing stops every one the runner started
 * (a service given by URL is left as it is).
 */
public final class LabServices implements AutoCloseable {

    /** No services (a lab that declares none). */
    public static final LabServices NONE = new LabServices(List.of());

    private final List<RunningService> services;

    private LabServices(List<RunningService> services) {
        this.services = List.copyOf(services);
    }

    /**
     * Provides each of {@code declared} as {@code choice} says (see {@link RedisProvisioner}), in order; when one
     * cannot be had, those already started are stopped and the one-line reason is thrown.
     *
     * @param environment {@code LABKIT_REDIS_URL}, {@code LABKIT_REDIS_IMAGE}, {@code PATH}, Testcontainers' settings
     * @param progress lines for the user while it looks and starts
     * @throws dev.labkit.runner.LabException when a service cannot be had
     */
    public static LabServices provide(List<ServiceSpec> declared, ServiceChoice choice, Map<String, String> environment,
            Consumer<String> progress) {
        List<RunningService> started = new ArrayList<>();
        try {
            for (ServiceSpec spec : declared) {
                // One kind so far: redis (ServiceSpec.KINDS).
                ServiceServer server = new RedisProvisioner(environment, progress).provide(spec, choice);
                started.add(new RunningService(spec.name(), server));
            }
            return new LabServices(started);
        } catch (RuntimeException e) {
            Collections.reverse(started);
            started.forEach(RunningService::close);
            throw e;
        }
    }

    /** The app's variables: {@code LAB_REDIS_URL=redis://127.0.0.1:PORT}, one per service. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        services.forEach(s -> env.put(ServiceSpec.urlVariable(s.name()), s.url().toString()));
        return env;
    }

    /** The services as checks get them, by name. */
    public Map<String, LabService> byName() {
        Map<String, LabService> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        return Collections.unmodifiableMap(byName);
    }

    /**
     * The ports of the services that listen on this machine's loopback, which the container sandbox relays into
     * the app's own loopback at the same ports.
     */
    public List<Integer> loopbackPorts() {
        return services.stream().map(RunningService::url).filter(LabServices::loopback).map(URI::getPort).toList();
    }

    /** The services the container sandbox cannot relay (not on this machine's loopback), as {@code name at URL}. */
    public List<String> beyondLoopback() {
        return services.stream().filter(s -> !loopback(s.url())).map(s -> s.name() + " at " + s.url()).toList();
    }

    private static boolean loopback(URI url) {
        try {
            return InetAddress.getByName(url.getHost()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * One per service, for results.
     *
     * @param name its name in {@code lab.yaml}
     * @param provider {@code container}, {@code process}, {@code embedded} or {@code url}
     * @param url its URL as the app got it
     */
    public record Served(String name, String provider, String url) {}

    public List<Served> served() {
        return services.stream().map(s -> new Served(s.name(), s.provider(), s.url().toString())).toList();
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                // Keep stopping the others.
            }
        }
    }
}
