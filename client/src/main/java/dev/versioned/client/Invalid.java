package dev.versioned.client;

/**
 * The request was refused as malformed (400 {@code INVALID_REQUEST}), without a version (428
 * {@code VERSION_REQUIRED}), out of range ({@code QUANTITY_OUT_OF_RANGE}), or the service answered something
 * this client does not expect. Nothing was written; the message is the server's.
 */
public final class Invalid extends InventoryException {

    private final int status;
    private final String code;

    public Invalid(int status, String code, String message) {
        super(code + " (" + status + "): " + message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status (the gateway's, or the one it would answer for a Kafka-direct result). */
    public int status() {
        return status;
    }

    /** The error or result code, e.g. {@code INVALID_REQUEST}. */
    public String code() {
        return code;
    }
}
