package dev.versioned.gateway.kafka;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Reads documents for GET. {@link DocumentView} over the documents state topic. */
public interface DocumentReader {

    boolean isCaughtUp();

    /** The document's latest state, deleted ones included; empty when never written. */
    Optional<DocumentRecord> get(DocumentKey key);

    /** The document once at {@code minVersion} or later, or as it stands after {@code maxWait}. */
    Optional<DocumentRecord> awaitVersion(DocumentKey key, long minVersion, Duration maxWait)
            throws InterruptedException;

    /**
     * A reader that holds no document: a gateway serving no collections never asks it (every collection is refused
     * first), and a resource test's view answers with it.
     */
    static DocumentReader empty(BooleanSupplier caughtUp) {
        return new DocumentReader() {
            @Override
            public boolean isCaughtUp() {
                return caughtUp.getAsBoolean();
            }

            @Override
            public Optional<DocumentRecord> get(DocumentKey key) {
                return Optional.empty();
            }

            @Override
            public Optional<DocumentRecord> awaitVersion(DocumentKey key, long minVersion, Duration maxWait) {
                return Optional.empty();
            }
        };
    }
}
