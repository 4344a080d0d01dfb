package dev.versioned.schemas;

/** What a request does to its record (or, for a transfer, to several records of one product). */
public enum Operation {
    /** Add the signed {@code delta} to the current quantity. */
    ADJUST,
    /** Replace the quantity with the absolute {@code quantity}. */
    SET,
    /**
     * Mark the record deleted (soft delete): its version goes up by one, its quantity becomes 0, and it
     * answers as not found until it is created again, at the version it was deleted with.
     */
    DELETE,
    /**
     * Change several stores' records of one product at once, all or nothing: a {@link TransferRequest}.
     * Never the operation of a single {@link UpdateRequest}.
     */
    TRANSFER
}
