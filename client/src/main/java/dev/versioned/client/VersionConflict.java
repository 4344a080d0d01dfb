package dev.versioned.client;

/**
 * Someone else wrote first, and the policy's attempts are used up ({@link Inventory#update}) or the caller
 * manages versions itself ({@link Inventory#apply}). Nothing was changed by this call's last attempt.
 * Carries the record's state at the conflict, so a caller can retry without reading.
 */
public final class VersionConflict extends InventoryException {

    private final long expectedVersion;
    private final long currentVersion;
    private final long currentQuantity;
    private final int attempts;

    public VersionConflict(long expectedVersion, long currentVersion, long currentQuantity, int attempts) {
        super("version conflict: expected " + expectedVersion + ", current " + currentVersion + " (quantity "
                + currentQuantity + ") after " + attempts + " attempt(s)");
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
        this.currentQuantity = currentQuantity;
        this.attempts = attempts;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }

    public long currentQuantity() {
        return currentQuantity;
    }

    public int attempts() {
        return attempts;
    }
}
