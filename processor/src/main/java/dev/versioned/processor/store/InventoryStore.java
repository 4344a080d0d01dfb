package dev.versioned.processor.store;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The current state and version of every record of this task's partitions: a persistent, changelogged
 * RocksDB key-value store keyed by {@link RecordKey#asString()}. A missing key is a record at version 0.
 */
public final class InventoryStore {

    public static final String NAME = "inventory-store";

    private final KeyValueStore<String, InventoryRecord> store;

    public InventoryStore(KeyValueStore<String, InventoryRecord> store) {
        this.store = store;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<KeyValueStore<String, InventoryRecord>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(),
                WireSerdes.INVENTORY_RECORD);
    }

    /** The record as it stands; {@link InventoryRecord#absent} when it was never written. */
    public InventoryRecord current(RecordKey key) {
        InventoryRecord record = store.get(key.asString());
        return record == null ? InventoryRecord.absent(key) : record;
    }

    public void put(InventoryRecord record) {
        store.put(record.key().asString(), record);
    }
}
