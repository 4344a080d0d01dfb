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
    INVALID_HEADER
}
