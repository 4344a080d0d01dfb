package dev.versioned.gateway.kafka;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import java.time.Duration;
import java.util.Optional;

/** Reads records for GET. {@link StateView} over the state topic. */
public interface RecordReader {

    boolean isCaughtUp();

    Optional<InventoryRecord> get(RecordKey key);

    /** The record once at {@code minVersion} or later, or as it stands after {@code maxWait}. */
    Optional<InventoryRecord> awaitVersion(RecordKey key, long minVersion, Duration maxWait)
            throws InterruptedException;
}
