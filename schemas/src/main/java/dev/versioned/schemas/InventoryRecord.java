package dev.versioned.schemas;

import java.time.Instant;

/**
 * The current state of one record: what the processor stores and publishes to the state topic.
 *
 * @param version number of updates applied so far; a record never written has version 0
 * @param lastUpdated when the last applied update was decided (UTC, millisecond precision)
 */
public record InventoryRecord(String storeId, String productId, long quantity, long version, Instant lastUpdated) {

    /** The state of a record that was never written: quantity 0, version 0. */
    public static InventoryRecord absent(RecordKey key) {
        return new InventoryRecord(key.storeId(), key.productId(), 0, 0, Instant.EPOCH);
    }

    /** The record after one more applied update. */
    public InventoryRecord next(long newQuantity, Instant at) {
        return new InventoryRecord(storeId, productId, newQuantity, version + 1, at);
    }

    public RecordKey key() {
        return new RecordKey(storeId, productId);
    }
}
