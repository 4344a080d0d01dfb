package dev.versioned.client;

/**
 * Why an {@link Inventory} call did not end in an applied update. Sealed, so a {@code switch} over it is
 * checked for completeness:
 * <ul>
 *   <li>definite refusals, nothing changed: {@link VersionConflict}, {@link InsufficientStock},
 *       {@link IdempotencyKeyReused}, {@link Invalid}, {@link NotAuthorized}, {@link NotFound}, {@link TransferRefused},
 *       for documents {@link DocumentConflict} and {@link ConstraintViolated}, for streams {@link
 *       StreamVersionConflict} and {@link EventIdReused};</li>
 *   <li>{@link Unavailable}: nothing was written (429 {@code OVERLOADED}, 503 {@code KAFKA_UNAVAILABLE},
 *       connection refused) until the deadline;</li>
 *   <li>{@link OutcomeUnknown}: the only one after which the update may or may not have been applied;
 *       it carries the idempotency key to resend with.</li>
 * </ul>
 * Unchecked, so that change functions and streams stay plain lambdas.
 */
public abstract sealed class InventoryException extends RuntimeException
        permits VersionConflict,
                InsufficientStock,
                IdempotencyKeyReused,
                OutcomeUnknown,
                NotAuthorized,
                Invalid,
                NotFound,
                TransferRefused,
                Unavailable,
                DocumentConflict,
                ConstraintViolated,
                StreamVersionConflict,
                EventIdReused {

    InventoryException(String message) {
        super(message);
    }

    InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
