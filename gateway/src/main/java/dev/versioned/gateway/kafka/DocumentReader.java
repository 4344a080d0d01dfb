package dev.versioned.gateway.kafka;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import java.time.Duration;
import java.util.Optional;

/** Reads documents for GET. {@link DocumentView} over the documents state topic. */
public interface DocumentReader {

    boolean isCaughtUp();

    /** The document's latest state, deleted ones included; empty when never written. */
    Optional<DocumentRecord> get(DocumentKey key);

    /** The document once at {@code minVersion} or later, or as it stands after {@code maxWait}. */
    Optional<DocumentRecord> awaitVersion(DocumentKey key, long minVersion, Duration maxWait)
            throws InterruptedException;
}
