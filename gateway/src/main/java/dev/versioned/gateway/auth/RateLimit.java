package dev.versioned.gateway.auth;

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
     * The limit of a key entry: unlimited without a rate; with a rate and no burst, a burst of one second's
     * worth (at least 1).
     */
    public static RateLimit of(Double perSecond, Integer burst) {
        if (perSecond == null) {
            return UNLIMITED;
        }
        return new RateLimit(perSecond, burst != null ? burst : (int) Math.max(1, Math.ceil(perSecond)));
    }

    public boolean unlimited() {
        return Double.isInfinite(perSecond);
    }
}
