package dev.versioned.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A document write met another version than the one it named (412 {@code VERSION_CONFLICT}); nothing changed.
 * Carries the document as it stands, so that the writer can merge and retry without a read.
 */
public final class DocumentConflict extends InventoryException {

    private final long currentVersion;
    private final transient Optional<ObjectNode> currentDocument;
    private final int attempts;

    public DocumentConflict(long currentVersion, Optional<ObjectNode> currentDocument, int attempts, String message) {
        super("VERSION_CONFLICT: " + message + " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")");
        this.currentVersion = currentVersion;
        this.currentDocument = currentDocument;
        this.attempts = attempts;
    }

    /** The document's version now. */
    public long currentVersion() {
        return currentVersion;
    }

    /** The live document now; empty when it is deleted. */
    public Optional<ObjectNode> currentDocument() {
        return currentDocument;
    }

    /** How many writes were attempted before giving up. */
    public int attempts() {
        return attempts;
    }
}
