package dev.versioned.schemas;

/** Why a record on the requests topic could not be treated as an update request. */
public enum DeadLetterReason {
    /** The value is larger than the configured limit. */
    OVERSIZED,
    /** The value is not a JSON object. */
    UNPARSEABLE,
    /** The value is JSON but breaks the request schema (missing, mistyped or out-of-range field). */
    SCHEMA_INVALID,
    /** The record key is not the request's productId, so it may sit on the wrong partition. */
    KEY_MISMATCH,
    /** A reply header is malformed or names a topic that replies may not go to. */
    INVALID_HEADER,
    /**
     * The record is on a partition other than the one its key belongs to (a producer that does not
     * partition by murmur2), and it was already forwarded once: it is not decided, so that a product never
     * gets a second writer.
     */
    WRONG_PARTITION,
    /** Processing the record failed the same way on every try; the processor gave up on it and went on. */
    PROCESSING_FAILED
}
