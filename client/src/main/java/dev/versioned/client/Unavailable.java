package dev.versioned.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Until the deadline, every send was refused with nothing written (429 {@code OVERLOADED}, 503
 * {@code KAFKA_UNAVAILABLE}, connection refused), or reads could not be served. Nothing of this call was
 * applied; the same call may be repeated later.
 */
public final class Unavailable extends InventoryException {

    private final transient Optional<Duration> retryAfter;

    public Unavailable(String message) {
        super(message);
        this.retryAfter = Optional.empty();
    }

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = Optional.empty();
    }

    /** A refusal whose answer said how long to wait ({@code Retry-After}). */
    Unavailable(String message, Optional<Duration> retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the gateway asked to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
