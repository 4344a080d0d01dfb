package dev.versioned.gateway.kafka;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads records for GET. {@link StateView} over the state topic. */
public interface RecordReader {

    boolean isCaughtUp();

    Optional<InventoryRecord> get(RecordKey key);

    /** The record once at {@code minVersion} or later, or as it stands after {@code maxWait}. */
    Optional<InventoryRecord> awaitVersion(RecordKey key, long minVersion, Duration maxWait)
            throws InterruptedException;

    /**
     * Up to {@code limit} records of one store in productId order (the ids' UTF-8 byte order), strictly after
     * {@code afterProductId} when given (paging: pass the last productId of the previous page). Records
     * marked deleted are left out; {@link #get} still returns them.
     */
    List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit);
}
