package dev.versioned.gateway.view;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import java.util.List;
import java.util.Optional;

/**
 * Where the state view keeps the latest record of each key. Written by the view's one consumer thread
 * ({@link #put}, {@link #remove}, then {@link #commit} once per polled batch, so that readers see a batch's
 * changes once it is committed), read by any thread. {@link RocksViewStore} in the gateway.
 */
public interface ViewStore extends AutoCloseable {

    /** Stages the latest record of its key; {@code bytes} are its wire form, as read from the state topic. */
    void put(RecordKey key, InventoryRecord record, byte[] bytes);

    /** Stages a deletion (a tombstone on the state topic). */
    void remove(RecordKey key);

    /** Makes the staged changes visible to readers. */
    void commit();

    Optional<InventoryRecord> get(RecordKey key);

    /**
     * Up to {@code limit} records of {@code storeId}, in productId order (by the UTF-8 bytes of the ids),
     * strictly after {@code afterProductId} when given; records marked deleted are skipped.
     */
    List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit);

    /** How many keys it holds, possibly estimated (for logs and the health check). */
    long approximateSize();

    /** Releases what it holds (and deletes its files); reads afterwards fail. */
    @Override
    void close();
}
