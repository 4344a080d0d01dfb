package dev.versioned.client;

/**
 * The record does not exist: it was deleted (404 {@code NOT_FOUND}), or a DELETE found it never written.
 * Nothing was changed. A deleted record is created again by an update at its {@link #currentVersion()}.
 */
public final class NotFound extends InventoryException {

    private final long currentVersion;

    public NotFound(long currentVersion, String message) {
        super("NOT_FOUND (404): " + message);
        this.currentVersion = currentVersion;
    }

    /** The record's version: the version it was deleted with, or 0 if it was never written. */
    public long currentVersion() {
        return currentVersion;
    }
}
