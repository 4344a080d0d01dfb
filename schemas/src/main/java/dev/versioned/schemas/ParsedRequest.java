package dev.versioned.schemas;

import java.util.Optional;

/**
 * What {@link RequestParser} made of a request's bytes: a valid update, a valid transfer (only from
 * {@link RequestParser#parseAny}), or why not.
 */
public sealed interface ParsedRequest {

    /** A request that passed every field rule. */
    record Valid(UpdateRequest request) implements ParsedRequest {}

    /** A transfer that passed every field rule. */
    record ValidTransfer(TransferRequest transfer) implements ParsedRequest {}

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
