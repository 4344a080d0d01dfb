package dev.versioned.gateway.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key name (Bucket4j's). By name, not by key: a name's two keys during a rotation share one
 * allowance, and a limit outlives a reload of the key file. A name has one bucket for as long as the gateway runs,
 * and only time refills it: when the name's limit changes (a reloaded key file) the bucket takes the new rate and
 * size but keeps the tokens it has (never more than the new size), so neither a reload nor requests that alternate
 * between keys of the name can hand out a fresh burst. ({@link KeySet} refuses two keys of one name with
 * different limits; this holds even for the requests still in flight across a reload.)
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

    /** Takes one request from {@code client}'s allowance: empty when it may go on, otherwise how long until it may. */
    public Optional<Duration> take(ApiClient client) {
        RateLimit limit = client.rateLimit();
        if (limit.unlimited()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.compute(client.name(), (name, existing) -> {
            if (existing == null) {
                return new Bucket(limit, nanoTime);
            }
            existing.limitTo(limit);
            return existing;
        });
        return bucket.take();
    }

    /** A bucket of {@code burst} tokens, full at first, refilled continuously at the limit's rate (Bucket4j). */
    private static final class Bucket {
        private RateLimit limit; // changed only inside the map's compute for its name
        private final io.github.bucket4j.Bucket tokens;

        Bucket(RateLimit limit, LongSupplier nanoTime) {
            this.limit = limit;
            this.tokens = io.github.bucket4j.Bucket.builder()
                    .addLimit(bandwidth(limit))
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

        /** Another limit for the same name: its rate and size from now on, the tokens left as they are. */
        void limitTo(RateLimit next) {
            if (!next.equals(limit)) {
                tokens.replaceConfiguration(
                        BucketConfiguration.builder().addLimit(bandwidth(next)).build(),
                        TokensInheritanceStrategy.AS_IS);
                limit = next;
            }
        }

        Optional<Duration> take() {
            ConsumptionProbe probe = tokens.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed()
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }

        /** One token every 1/rate seconds, added greedily: the same rate for fractional limits such as 0.5/s. */
        private static Bandwidth bandwidth(RateLimit limit) {
            return Bandwidth.builder()
                    .capacity(limit.burst())
                    .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / limit.perSecond()))))
                    .build();
        }
    }
}
