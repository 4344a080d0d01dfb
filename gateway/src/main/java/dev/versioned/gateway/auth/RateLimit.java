package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import java.math.BigDecimal;

/**
 * How many requests a key may make: a token bucket refilled at {@code perSecond} tokens a second holding at
 * most {@code burst}. {@link #UNLIMITED} when a key configures none.
 */
public record RateLimit(double perSecond, int burst) {

    public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);

    public RateLimit {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("ratePerSecond must be positive");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }

    /**
     * The limit of an entry that passed {@link ApiKeyConfig#problem()}: unlimited without a rate; with a rate and
     * no burst, a burst of one second's worth (at least 1).
     */
    static RateLimit of(ApiKeyConfig valid) {
        Double perSecond = valid.getRatePerSecond();
        if (perSecond == null) {
            return UNLIMITED;
        }
        Integer burst = valid.getBurst();
        return new RateLimit(perSecond, burst != null ? burst : (int) Math.max(1, Math.ceil(perSecond)));
    }

    public boolean unlimited() {
        return Double.isInfinite(perSecond);
    }

    /** As an operator wrote it: {@code ratePerSecond 0.5, burst 2}, or {@code no rate limit}. */
    public String described() {
        return unlimited()
                ? "no rate limit"
                : "ratePerSecond "
                        + BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + ", burst " + burst;
    }
}
