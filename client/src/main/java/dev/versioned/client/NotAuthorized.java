package dev.versioned.client;

/** 401 (API key missing or unknown) or 403 (a store outside the key's stores). Nothing was written. */
public final class NotAuthorized extends InventoryException {

    private final int status;

    public NotAuthorized(int status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
