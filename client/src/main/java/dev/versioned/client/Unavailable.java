package dev.versioned.client;

/**
 * Until the deadline, every send was refused with nothing written (429 {@code OVERLOADED}, 503
 * {@code KAFKA_UNAVAILABLE}, connection refused), or reads could not be served. Nothing of this call was
 * applied; the same call may be repeated later.
 */
public final class Unavailable extends InventoryException {

    public Unavailable(String message) {
        super(message);
    }

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
