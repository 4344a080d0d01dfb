package dev.versioned.schemas;

import java.util.Optional;

/**
 * What every result of the product carries, whatever it decided: counters' {@link UpdateResult}, documents'
 * {@link DocumentResult} and streams' {@link StreamResult}. A reply consumer can route, count and log any of
 * them through this one shape and leave the record-specific part to the type it knows.
 */
public interface Outcome {

    /** The correlation id of the request this answers; absent when it carried none. */
    Optional<String> correlationId();

    /** The request's idempotency key, when it could be read. */
    Optional<String> idempotencyKey();

    /** What was decided. */
    ResultCode code();

    /** True exactly when {@link #code()} is {@link ResultCode#APPLIED}. */
    boolean applied();

    /** True when this is the recorded outcome of an earlier request with the same key. */
    boolean replayed();
}
