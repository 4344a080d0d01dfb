package dev.versioned.schemas;

import java.util.Optional;

/**
 * What {@link RequestParser} made of a request's bytes: a valid update, a valid transfer or document request
 * (only from {@link RequestParser#parseAny}), or why not.
 */
public sealed interface ParsedRequest {

    /** A request that passed every field rule. */
    record Valid(UpdateRequest request) implements ParsedRequest {}

    /** A transfer that passed every field rule. */
    record ValidTransfer(TransferRequest transfer) implements ParsedRequest {}

    /** A document request that passed every field rule (its collection is checked by the processor). */
    record ValidDocument(DocumentRequest request) implements ParsedRequest {}

    /** An append to a stream that passed every field rule (its size and event count are checked by the processor). */
    record ValidAppend(StreamAppend append) implements ParsedRequest {}

    /** An append that cannot be decided, with whatever could be read of it. */
    record InvalidAppend(
            DeadLetterReason reason, String message, Optional<String> stream, Optional<String> idempotencyKey)
            implements ParsedRequest {}

    /** A document request that cannot be decided, with whatever ids could be read from it. */
    record InvalidDocument(
            DeadLetterReason reason,
            String message,
            Optional<String> collection,
            Optional<String> id,
            Optional<String> idempotencyKey)
            implements ParsedRequest {}

    /**
     * A request that cannot be decided. The ids are whatever could be read from it, so that the
     * rejection still names its record where possible.
     */
    record Invalid(
            DeadLetterReason reason,
            String message,
            Optional<String> storeId,
            Optional<String> productId,
            Optional<String> idempotencyKey)
            implements ParsedRequest {}
}
