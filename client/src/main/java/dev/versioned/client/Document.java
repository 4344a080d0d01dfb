package dev.versioned.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A document as a write left it, or as read.
 *
 * @param version its version (0 when it was never written)
 * @param document the document; empty when deleted or never written
 * @param replayed true when this is the recorded outcome of an earlier request with the same key
 * @param attempts how many writes {@link Documents#update} made (1 for every other call)
 */
public record Document(
        String collection,
        String id,
        long version,
        Optional<Instant> lastUpdated,
        Optional<ObjectNode> document,
        boolean deleted,
        boolean replayed,
        int attempts) {

    /** A document never written. */
    static Document absent(String collection, String id) {
        return new Document(collection, id, 0, Optional.empty(), Optional.empty(), false, false, 1);
    }

    Document withAttempts(int n) {
        return new Document(collection, id, version, lastUpdated, document, deleted, replayed, n);
    }
}
