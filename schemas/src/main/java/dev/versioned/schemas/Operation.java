package dev.versioned.schemas;

/** What an update does to a record's quantity. */
public enum Operation {
    /** Add the signed {@code delta} to the current quantity. */
    ADJUST,
    /** Replace the quantity with the absolute {@code quantity}. */
    SET
}
