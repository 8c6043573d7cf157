package dev.labkit.checks.sdk;

import java.net.URI;
import java.util.List;

/** A round-robin HTTP load balancer in front of app instances: see {@link AppControl#roundRobin}. */
public interface LoadBalancer {

    /** Where clients send requests, e.g. {@code http://127.0.0.1:41777}. */
    URI url();

    /** The instances behind it, in turn order. */
    List<AppInstance> instances();

    /** How many requests it has passed to each instance so far, in the order of {@link #instances()}. */
    List<Integer> requestsPerInstance();
}
