package dev.versioned.client;

import dev.versioned.schemas.UpdateRequest;

/**
 * The deadline passed while the outcome of a sent request was unknown: it may or may not have been applied.
 * Resending {@link #request()} (same idempotency key) later is always safe and tells which: the service
 * applies a key at most once and replays its outcome, for as long as it keeps keys (24 h by default).
 * Never resend the change under a new key.
 */
public final class OutcomeUnknown extends InventoryException {

    private final transient UpdateRequest request;

    public OutcomeUnknown(UpdateRequest request, String reason) {
        super("outcome unknown for idempotency key " + request.idempotencyKey() + ": " + reason
                + "; resend with the same key");
        this.request = request;
    }

    /** The key to resend with. */
    public String idempotencyKey() {
        return request.idempotencyKey();
    }

    /** The request whose outcome is unknown, exactly as sent: pass it to {@link Inventory#apply}. */
    public UpdateRequest request() {
        return request;
    }
}
