package ledger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per client (Bucket4j, https://bucket4j.com): 10 tokens, refilled at 10 per second, one token per
 * request. Buckets are kept in a map that forgets every bucket not used for 10 s (a bucket idle for 1 s is full
 * anyway), swept at most once per 10 s.
 */
final class ClientLimits {

    private static final long FORGET_AFTER_NANOS = Duration.ofSeconds(10).toNanos();

    private final ConcurrentMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    /** Empty when {@code client} may go on; else the whole seconds it should wait (at least 1). */
    OptionalLong take(String client) {
        long now = System.nanoTime();
        sweep(now);
        Entry entry = buckets.computeIfAbsent(client, c -> new Entry(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofSeconds(1)).build())
                .build()));
        entry.lastUsed = now;
        ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        // Round the wait for the next token up to whole seconds, as Retry-After wants them.
        long wait = Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1;
        return OptionalLong.of(wait);
    }

    private void sweep(long now) {
        if (now - lastSweep < FORGET_AFTER_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(entry -> now - entry.lastUsed > FORGET_AFTER_NANOS);
    }

    private static final class Entry {
        final Bucket bucket;
        volatile long lastUsed;

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }
}
