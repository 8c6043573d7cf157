package dev.labkit.runner.services;

import java.net.URI;

/** A Redis the user runs, at the URL given ({@code --service redis=URL} or {@code LABKIT_REDIS_URL}): not ours to stop. */
final class GivenRedis implements ServiceServer {

    private final URI url;

    GivenRedis(URI url) {
        this.url = url;
    }

    @Override
    public String provider() {
        return "url";
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public boolean stoppable() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("the Redis at " + url + " was given by URL: the runner cannot stop it");
    }

    @Override
    public void start() {
        // It runs, or not, as its owner keeps it.
    }

    @Override
    public boolean stopped() {
        return false;
    }

    @Override
    public void close() {
        // Not ours.
    }
}
