package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The current state of one record: what the processor stores and publishes to the state topic.
 *
 * @param version number of changes applied so far (updates and deletes); a record never written has version 0
 * @param lastUpdated when the last applied change was decided (UTC, millisecond precision)
 * @param deleted whether the last applied change was a DELETE: the record then holds quantity 0, answers as not
 *     found, and can be created again only at this version. Omitted from the JSON when false.
 */
public record InventoryRecord(
        String storeId,
        String productId,
        long quantity,
        long version,
        Instant lastUpdated,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted) {

    /** A live (not deleted) record. */
    public InventoryRecord(String storeId, String productId, long quantity, long version, Instant lastUpdated) {
        this(storeId, productId, quantity, version, lastUpdated, false);
    }

    /** Reads a record from JSON, where {@code deleted} is omitted when false. */
    @JsonCreator
    static InventoryRecord fromJson(
            @JsonProperty("storeId") String storeId,
            @JsonProperty("productId") String productId,
            @JsonProperty(value = "quantity", required = true) long quantity,
            @JsonProperty(value = "version", required = true) long version,
            @JsonProperty("lastUpdated") Instant lastUpdated,
            @JsonProperty("deleted") Boolean deleted) {
        return new InventoryRecord(storeId, productId, quantity, version, lastUpdated, Boolean.TRUE.equals(deleted));
    }

    /** The state of a record that was never written: quantity 0, version 0. */
    public static InventoryRecord absent(RecordKey key) {
        return new InventoryRecord(key.storeId(), key.productId(), 0, 0, Instant.EPOCH);
    }

    /** The record after one more applied update: live, whatever it was before. */
    public InventoryRecord next(long newQuantity, Instant at) {
        return new InventoryRecord(storeId, productId, newQuantity, version + 1, at, false);
    }

    /** The record after an applied DELETE: version + 1, quantity 0, marked deleted. */
    public InventoryRecord deletedAt(Instant at) {
        return new InventoryRecord(storeId, productId, 0, version + 1, at, true);
    }

    /** Whether the record exists: written at least once and not deleted since. */
    public boolean exists() {
        return version > 0 && !deleted;
    }

    public RecordKey key() {
        return new RecordKey(storeId, productId);
    }
}
