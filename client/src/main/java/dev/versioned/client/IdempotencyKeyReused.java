package dev.versioned.client;

/**
 * The idempotency key was already used for this record with a different request; nothing changed. With
 * {@link Inventory#update} this means an operation id was reused for a different operation.
 */
public final class IdempotencyKeyReused extends InventoryException {

    private final String idempotencyKey;

    public IdempotencyKeyReused(String idempotencyKey, String message) {
        super(message);
        this.idempotencyKey = idempotencyKey;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}
