package dev.versioned.client;

/** The change would make the quantity negative; nothing changed. Not retried: retrying cannot help. */
public final class InsufficientStock extends InventoryException {

    private final long currentQuantity;
    private final long currentVersion;

    public InsufficientStock(long currentQuantity, long currentVersion, String message) {
        super(message);
        this.currentQuantity = currentQuantity;
        this.currentVersion = currentVersion;
    }

    public long currentQuantity() {
        return currentQuantity;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
