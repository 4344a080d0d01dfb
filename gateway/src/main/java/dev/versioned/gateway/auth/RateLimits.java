package dev.versioned.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key name. By name, not by key: a name's two keys during a rotation share one
 * allowance, and a limit outlives a reload of the key file that leaves it unchanged.
 */
public final class RateLimits {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public RateLimits() {
        this(System::nanoTime);
    }

    /** With another clock: lets a unit test move time. */
    RateLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from {@code client}'s allowance: empty when it may go on, otherwise how long until it
     * may. A bucket is made anew when the name's limit changed (a reloaded key file).
     */
    public Optional<Duration> take(ApiClient client) {
        RateLimit limit = client.rateLimit();
        if (limit.unlimited()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.compute(
                client.name(),
                (name, existing) ->
                        existing != null && existing.limit.equals(limit) ? existing : new Bucket(limit, nanoTime));
        return bucket.take();
    }

    /** A full bucket, refilled lazily from the time between takes. */
    private static final class Bucket {
        private final RateLimit limit;
        private final LongSupplier nanoTime;
        private double tokens;
        private long refilledAt;

        Bucket(RateLimit limit, LongSupplier nanoTime) {
            this.limit = limit;
            this.nanoTime = nanoTime;
            this.tokens = limit.burst();
            this.refilledAt = nanoTime.getAsLong();
        }

        synchronized Optional<Duration> take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9)));
        }
    }
}
