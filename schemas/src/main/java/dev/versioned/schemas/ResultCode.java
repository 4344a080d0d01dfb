package dev.versioned.schemas;

/**
 * The outcome of one update request. {@link #APPLIED} is the only code with {@code applied=true};
 * every other code is a refusal and left the record untouched.
 *
 * <p>Constants are only ever appended (stores and older readers know them by name and position).
 */
public enum ResultCode {
    /** Quantity and version changed. */
    APPLIED,
    /** Missing or invalid field; nothing was recorded, so the idempotency key may be reused. */
    INVALID_REQUEST,
    /** No version was given and unconditional updates are not enabled. Nothing recorded. */
    VERSION_REQUIRED,
    /** The idempotency key was already used for this record with a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /** The version the writer read is not the current version. */
    VERSION_CONFLICT,
    /** The update would make the quantity negative. */
    INSUFFICIENT_STOCK,
    /** The update would take the quantity above {@link UpdateRequest#MAX_QUANTITY}. */
    QUANTITY_OUT_OF_RANGE,
    /**
     * The record is deleted (or, for a DELETE, was never written): an update at any version but the deleted
     * record's (which creates it again) is refused with this code, never with a conflict.
     */
    NOT_FOUND,
    /**
     * This item of a transfer would have applied on its own, but another item was refused, so nothing of the
     * transfer was applied.
     */
    TRANSFER_ABORTED,
    /**
     * The document the write would make breaks its collection's JSON Schema (or its size limit); the result
     * names the failing path.
     */
    CONSTRAINT_VIOLATION,
    /**
     * An append's expected version is not the stream's: the result carries the stream's actual version (absent
     * when the stream does not exist) and its last event.
     */
    STREAM_VERSION_CONFLICT,
    /**
     * An append carries an event id that the stream already has, and is not the append that wrote it (the same
     * events, ids, types, data and metadata): nothing of it was appended.
     */
    EVENT_ID_REUSED;

    /** Whether this outcome is an executed decision that is recorded under the idempotency key. */
    public boolean isRecorded() {
        return this != INVALID_REQUEST && this != VERSION_REQUIRED && this != IDEMPOTENCY_KEY_REUSED;
    }
}
