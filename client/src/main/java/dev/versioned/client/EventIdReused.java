package dev.versioned.client;

/**
 * An append carried an event id that its stream already has, and is not the append that wrote it (other events, or
 * other types, data or metadata under that id): {@code EVENT_ID_REUSED}, HTTP 422. Nothing of it was appended. An
 * append that carries exactly the earlier append's events is a replay instead, answered with the first outcome.
 */
public final class EventIdReused extends InventoryException {

    private final String stream;
    private final String idempotencyKey;

    public EventIdReused(String stream, String idempotencyKey, String message) {
        super("EVENT_ID_REUSED (422): " + message);
        this.stream = stream;
        this.idempotencyKey = idempotencyKey;
    }

    public String stream() {
        return stream;
    }

    /** The key of the refused append. */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
