package dev.versioned.client;

/**
 * The document a write would make breaks its collection's JSON Schema or size limit (422
 * {@code CONSTRAINT_VIOLATION}); nothing changed. Resending cannot help: change the document.
 */
public final class ConstraintViolated extends InventoryException {

    private final String path;
    private final String requirement;

    public ConstraintViolated(String path, String requirement, String message) {
        super("CONSTRAINT_VIOLATION at '" + path + "': " + message);
        this.path = path;
        this.requirement = requirement;
    }

    /** The JSON Pointer of the failing value in the document; {@code ""} for the whole document. */
    public String path() {
        return path;
    }

    /** What the schema requires there. */
    public String requirement() {
        return requirement;
    }
}
