package dev.versioned.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long and how often an {@link Inventory} keeps trying. Defaults follow the seeds' hand-written loops
 * ({@code withOptimisticRetry}, {@code updateWithRetry}: 5 tries, 250 ms backoff).
 *
 * <p>Two kinds of repetition, deliberately different:
 * <ul>
 *   <li>an <em>attempt</em> is one idempotency key. A new attempt starts only after a definite
 *       {@code VERSION_CONFLICT}; at most {@link #maxAttempts} of them;</li>
 *   <li>a <em>resend</em> repeats the same attempt with the same key, when its outcome is unknown (timeout,
 *       504, any 5xx the gateway did not vouch for, connection lost) or nothing was written (429
 *       {@code OVERLOADED}, 503 {@code KAFKA_UNAVAILABLE}). Resends are bounded by {@link #deadline}
 *       only: giving up on an unknown outcome early would leave the caller guessing, while resending it is
 *       always safe (the service applies one key at most once).</li>
 * </ul>
 * Both wait {@link #backoff(int)} before repeating: exponential from {@link #baseDelay}, capped at
 * {@link #maxDelay}, with full jitter (uniform between 0 and the cap), so that writers that collided do not
 * collide again in step. When the answer said how long to wait ({@code Retry-After} on a 429, 503 or 504), the
 * wait is at least that long, capped at {@link #maxRetryAfter} so that a wrong or hostile header cannot park
 * a caller ({@link #wait(int, Optional)}).
 *
 * <p>Limits: the deadline is checked before each send and each wait; a send already under way is bounded by
 * the transport's own timeout, so a call may end up to one transport timeout after the deadline.
 *
 * @param maxAttempts attempts (idempotency keys) per update, at least 1
 * @param baseDelay the backoff ceiling of the first repetition
 * @param maxDelay the largest backoff ceiling
 * @param deadline overall time budget of one call, resends and backoffs included
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one waits this long
 * @param clock time and sleeping (tests inject a fake)
 * @param jitter a source of uniform values in [0, 1) (tests inject a fixed one)
 */
public record RetryPolicy(
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        Duration deadline,
        Duration maxRetryAfter,
        RetryClock clock,
        DoubleSupplier jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(jitter, "jitter");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay and deadline >= 0");
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0");
        }
    }

    /** 5 attempts, 250 ms base delay, 2 s largest delay, 30 s deadline, Retry-After up to 10 s, the real clock. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxAttempts(maxAttempts)
                .baseDelay(baseDelay)
                .maxDelay(maxDelay)
                .deadline(deadline)
                .maxRetryAfter(maxRetryAfter)
                .clock(clock)
                .jitter(jitter);
    }

    /** The ceiling of the {@code repetition}-th wait (1-based): {@code min(maxDelay, baseDelay * 2^(n-1))}. */
    public Duration ceiling(int repetition) {
        if (repetition < 1) {
            throw new IllegalArgumentException("repetitions count from 1");
        }
        int shift = Math.min(repetition - 1, 30);
        long nanos = baseDelay.toNanos();
        long ceiling = nanos > (maxDelay.toNanos() >> shift) ? maxDelay.toNanos() : nanos << shift;
        return Duration.ofNanos(Math.min(ceiling, maxDelay.toNanos()));
    }

    /** The wait before the {@code repetition}-th repetition: uniform in [0, {@link #ceiling}] (full jitter). */
    public Duration backoff(int repetition) {
        double r = jitter.getAsDouble();
        return Duration.ofNanos((long) (ceiling(repetition).toNanos() * Math.max(0, Math.min(1, r))));
    }

    /**
     * The wait before the {@code repetition}-th repetition when the answer advised {@code retryAfter}: the
     * larger of {@link #backoff} and the advice capped at {@link #maxRetryAfter}.
     */
    public Duration wait(int repetition, Optional<Duration> retryAfter) {
        Duration backoff = backoff(repetition);
        return retryAfter
                .map(advised -> advised.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : advised)
                .filter(advised -> advised.compareTo(backoff) > 0)
                .orElse(backoff);
    }

    /** Builds a {@link RetryPolicy}; every value starts at its default. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration deadline = DEFAULT_DEADLINE;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private RetryClock clock = RetryClock.SYSTEM;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** The longest {@code Retry-After} honoured (default 10 s); a longer one waits this long. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public Builder clock(RetryClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = jitter;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay, deadline, maxRetryAfter, clock, jitter);
        }
    }
}
