package dev.versioned.schemas;

/**
 * What a document request does to its document.
 *
 * <p>Constants are only ever appended (stores and older readers know them by name).
 */
public enum DocumentOperation {
    /** Replace the whole document; at version 0, create one that does not exist (or was deleted). */
    PUT,
    /** Apply a JSON merge patch (RFC 7396) to the current document. */
    PATCH,
    /** Soft delete: the document keeps its version (+1) and is marked deleted. */
    DELETE
}
