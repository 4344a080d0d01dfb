package dev.versioned.client;

import java.util.Optional;

/**
 * The idempotency key was already used for this record with a different request; nothing changed. With
 * {@link Inventory#update} this means an operation id was reused for a different operation.
 *
 * <p>For an append to a stream the refusal tells what the key decided first ({@link #firstOutcome()}): an append
 * resent with other events under the key of one already applied can read its positions there.
 */
public final class IdempotencyKeyReused extends InventoryException {

    private final String idempotencyKey;
    private final transient Optional<dev.versioned.schemas.Outcome> firstOutcome;

    public IdempotencyKeyReused(String idempotencyKey, String message) {
        this(idempotencyKey, message, Optional.empty());
    }

    public IdempotencyKeyReused(
            String idempotencyKey, String message, Optional<? extends dev.versioned.schemas.Outcome> firstOutcome) {
        super(message);
        this.idempotencyKey = idempotencyKey;
        this.firstOutcome = firstOutcome.map(dev.versioned.schemas.Outcome.class::cast);
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * The outcome the key's first request got, when the service said (appends to a stream: a {@link
     * dev.versioned.schemas.StreamResult}).
     */
    public Optional<dev.versioned.schemas.Outcome> firstOutcome() {
        return firstOutcome;
    }
}
