package dev.versioned.gateway.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key name (Bucket4j's). By name, not by key: a name's two keys during a rotation share one
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

    /** A full bucket of {@code burst} tokens, refilled continuously at the limit's rate (Bucket4j). */
    private static final class Bucket {
        private final RateLimit limit;
        private final io.github.bucket4j.Bucket tokens;

        Bucket(RateLimit limit, LongSupplier nanoTime) {
            this.limit = limit;
            // One token every 1/rate seconds, added greedily: the same rate for fractional limits such as 0.5/s.
            Bandwidth bandwidth = Bandwidth.builder()
                    .capacity(limit.burst())
                    .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / limit.perSecond()))))
                    .build();
            this.tokens = io.github.bucket4j.Bucket.builder()
                    .addLimit(bandwidth)
                    .withCustomTimePrecision(new TimeMeter() {
                        @Override
                        public long currentTimeNanos() {
                            return nanoTime.getAsLong();
                        }

                        @Override
                        public boolean isWallClockBased() {
                            return false;
                        }
                    })
                    .build();
        }

        Optional<Duration> take() {
            ConsumptionProbe probe = tokens.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed()
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
