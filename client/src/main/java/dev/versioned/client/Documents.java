package dev.versioned.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentRequest;
import java.util.Optional;

/**
 * Versioned JSON documents of the service's collections, read and written safely: the same contract over HTTP
 * ({@link DocumentsClient}) and directly over Kafka ({@link KafkaDocuments}), with the same retry rules as
 * {@link Inventory}: an unknown outcome is resent with the same idempotency key until it is definite, and only
 * a definite {@code VERSION_CONFLICT} starts a new attempt of {@link #update}, computed from the conflict's
 * own current document (no second read).
 *
 * <p>Refusals and transport failures surface as the {@link InventoryException} subtypes: {@link
 * DocumentConflict}, {@link ConstraintViolated}, {@link NotFound}, {@link IdempotencyKeyReused}, {@link Invalid},
 * {@link NotAuthorized}, {@link Unavailable}, {@link OutcomeUnknown}. Implementations are thread-safe.
 */
public interface Documents {

    /** The document as the service last committed it; empty when never written, or deleted. */
    Optional<Document> read(String collection, String id);

    /**
     * Reads the document, asks {@code change} for the new one, and writes it whole at the version read (a create
     * when there is none); on a version conflict asks {@code change} again with the conflict's current document,
     * under the {@link RetryPolicy}. A random operation id names the attempts' idempotency keys.
     *
     * @throws DocumentConflict when every attempt allowed by the policy met a conflict
     * @throws ConstraintViolated when the new document breaks the collection's schema
     * @throws OutcomeUnknown when the deadline passed while an attempt's outcome was still unknown
     */
    Document update(String collection, String id, DocumentChange change);

    /**
     * As {@link #update(String, String, DocumentChange)}, with the idempotency keys derived from {@code
     * operationId} ({@code <operationId>-a<n>}): a caller that persists its operation id can repeat the whole call
     * after a crash, and attempts already decided replay their outcome.
     */
    Document update(String collection, String id, DocumentChange change, String operationId);

    /**
     * Sends one write exactly as given (version and idempotency key are the caller's), resending it unchanged
     * while its outcome is unknown. A refusal is thrown as its exception; a conflict is never retried here.
     */
    Document apply(DocumentRequest request);

    /** Creates the document; it must not exist (or must be deleted). */
    default Document create(String collection, String id, ObjectNode document, String idempotencyKey) {
        return apply(DocumentRequest.put(collection, id, document, 0, idempotencyKey));
    }

    /** Replaces the whole document read at {@code version}. */
    default Document replace(String collection, String id, ObjectNode document, long version, String idempotencyKey) {
        return apply(DocumentRequest.put(collection, id, document, version, idempotencyKey));
    }

    /** Merges {@code patch} (RFC 7396) into the document read at {@code version}. */
    default Document patch(String collection, String id, ObjectNode patch, long version, String idempotencyKey) {
        return apply(DocumentRequest.patch(collection, id, patch, version, idempotencyKey));
    }

    /** Deletes (softly) the document read at {@code version}: it keeps its version + 1. */
    default Document delete(String collection, String id, long version, String idempotencyKey) {
        return apply(DocumentRequest.delete(collection, id, version, idempotencyKey));
    }
}
