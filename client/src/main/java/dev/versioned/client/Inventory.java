package dev.versioned.client;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import java.util.Optional;

/**
 * Versioned inventory records, read and changed safely: the same contract over HTTP
 * ({@link InventoryClient}) and directly over Kafka ({@link KafkaInventory}).
 *
 * <p>Why: a read-modify-write loop is easy to get subtly wrong (a new idempotency key on a timeout
 * applies twice, a fresh read after every conflict doubles the load). {@link #update} does it once, right:
 * every unknown outcome is resent with the same idempotency key until it is definite, and only a definite
 * {@code VERSION_CONFLICT} starts a new attempt, computed from the conflict's own current state.
 *
 * <p>Business refusals and transport failures surface as the {@link InventoryException} subtypes.
 * Implementations are thread-safe.
 */
public interface Inventory {

    /** The record as the service last committed it; empty when it was never written, or is deleted. */
    Optional<InventoryRecord> read(String storeId, String productId);

    /**
     * Reads the record, asks {@code fn} for the change, and writes it at the version read; on a version
     * conflict asks {@code fn} again with the conflict's current quantity and version (no second read),
     * under the {@link RetryPolicy}. A random operation id names the attempts' idempotency keys.
     *
     * @throws VersionConflict when every attempt allowed by the policy met a conflict
     * @throws OutcomeUnknown when the deadline passed while an attempt's outcome was still unknown
     */
    Updated update(String storeId, String productId, ChangeFunction fn);

    /**
     * As {@link #update(String, String, ChangeFunction)}, with the idempotency keys derived from
     * {@code operationId} ({@code <operationId>-a<n>}). A caller that persists its operation id can repeat
     * the whole call after a crash: attempt keys already decided replay their outcome.
     */
    Updated update(String storeId, String productId, ChangeFunction fn, String operationId);

    /**
     * Sends one request exactly as given (version and idempotency key are the caller's), resending it
     * unchanged while its outcome is unknown. A refusal is thrown as its {@link InventoryException}; a
     * {@code VERSION_CONFLICT} is never retried here.
     */
    Updated apply(UpdateRequest request);

    /**
     * Deletes the record at the version the caller read (a soft delete: the record keeps its version + 1 and
     * answers as not found until an update at that version creates it again), resending unchanged while the
     * outcome is unknown.
     *
     * @throws VersionConflict when the record is at another version (never retried here)
     * @throws NotFound when it was never written or is already deleted
     */
    default Updated delete(String storeId, String productId, long version, String idempotencyKey) {
        return apply(UpdateRequest.delete(storeId, productId, version, idempotencyKey));
    }

    /**
     * Changes several stores' records of one product all or nothing, in one call: sends the transfer exactly
     * as given, resending it unchanged while its outcome is unknown.
     *
     * @throws TransferRefused when an item was refused (nothing applied; each item says why)
     * @throws OutcomeUnknown when the deadline passed while the outcome was unknown ({@link
     *     OutcomeUnknown#transfer()} is the transfer to resend)
     */
    Transferred transfer(TransferRequest transfer);
}
