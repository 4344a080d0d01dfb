package dev.versioned.processor.store;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The current state and version of every record of this task's partitions: a persistent, changelogged
 * RocksDB key-value store keyed by {@link RecordKey#asString()}. A missing key is a record at version 0.
 *
 * <p>Values are an internal fixed-size binary form, {@code [format=1][quantity][version][lastUpdated
 * epoch millis]} (25 bytes), not the JSON of the state topic: the ids are in the key, and the read on
 * every request then parses no text (JSON with an ISO time was the largest cost in the profile). The
 * leading format byte leaves room for a later layout.
 *
 * <p>Format 2 appends the record's recent {@link Transitions} (the applied conditional updates of its
 * current block of versions, at most {@value Transitions#PER_BLOCK}), by which a retry of one of them is
 * recognised without a keyed idempotency entry: {@code [format=2][quantity][version][lastUpdated][transitions]}.
 * Both formats are read; format 1 has no transitions.
 *
 * <p>Formats 3 and 4 are formats 1 and 2 of a deleted record (soft delete: quantity 0, the record keeps its
 * version), so that a live record's value is unchanged.
 */
public final class InventoryStore {

    public static final String NAME = "inventory-store";
    private static final byte FORMAT = 1;
    private static final byte FORMAT_WITH_TRANSITIONS = 2;
    private static final byte FORMAT_DELETED = 3;
    private static final byte FORMAT_DELETED_WITH_TRANSITIONS = 4;
    private static final int SIZE = 1 + 3 * Long.BYTES;

    private final KeyValueStore<String, byte[]> store;

    public InventoryStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /**
     * The builder of the underlying store, registered once by the topology. Cached (Kafka Streams' record
     * cache, {@code statestore.cache.max.bytes}): a product updated several times within one commit
     * interval is written to RocksDB and to the changelog once, at the commit, and reads of hot products
     * do not reach RocksDB. The cache is flushed before every commit, so what is committed is the same.
     */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** The store itself, for registering what happens when its record cache is flushed. */
    public KeyValueStore<String, byte[]> underlying() {
        return store;
    }

    /** The record that a stored value (as flushed from the cache) holds. */
    public static InventoryRecord decode(String storeKey, byte[] value) {
        return decode(RecordKey.parse(storeKey), value);
    }

    /** The record as it stands; {@link InventoryRecord#absent} when it was never written. */
    public InventoryRecord current(RecordKey key) {
        return find(key).orElseGet(() -> InventoryRecord.absent(key));
    }

    /** The record, if it was ever written. */
    public Optional<InventoryRecord> find(RecordKey key) {
        byte[] value = store.get(key.asString());
        return value == null ? Optional.empty() : Optional.of(decode(key, value));
    }

    /** The record as it stands and its recent transitions (none when never written, or written in format 1). */
    public Stored load(RecordKey key) {
        byte[] value = store.get(key.asString());
        if (value == null) {
            return new Stored(InventoryRecord.absent(key), Transitions.none());
        }
        InventoryRecord record = decode(key, value);
        boolean withTransitions = value[0] == FORMAT_WITH_TRANSITIONS || value[0] == FORMAT_DELETED_WITH_TRANSITIONS;
        return new Stored(record, withTransitions ? Transitions.readFrom(value, SIZE) : Transitions.none());
    }

    /** A record as stored, with the transitions its value holds. */
    public record Stored(InventoryRecord record, Transitions recent) {}

    private static InventoryRecord decode(RecordKey key, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte format = in.get();
        boolean known = ((format == FORMAT || format == FORMAT_DELETED) && value.length == SIZE)
                || ((format == FORMAT_WITH_TRANSITIONS || format == FORMAT_DELETED_WITH_TRANSITIONS)
                        && value.length > SIZE);
        if (!known) {
            throw new IllegalStateException("inventory-store value of " + key + " has unknown format " + format);
        }
        return new InventoryRecord(
                key.storeId(),
                key.productId(),
                in.getLong(),
                in.getLong(),
                Instant.ofEpochMilli(in.getLong()),
                format == FORMAT_DELETED || format == FORMAT_DELETED_WITH_TRANSITIONS);
    }

    /** Stores the record alone (format 1): for a design that keeps no transitions in the record. */
    public void put(InventoryRecord record) {
        store.put(
                record.key().asString(),
                fields(ByteBuffer.allocate(SIZE).put(record.deleted() ? FORMAT_DELETED : FORMAT), record)
                        .array());
    }

    /** Stores the record with its recent transitions (format 2). */
    public void put(InventoryRecord record, Transitions recent) {
        byte format = record.deleted() ? FORMAT_DELETED_WITH_TRANSITIONS : FORMAT_WITH_TRANSITIONS;
        ByteBuffer out = fields(ByteBuffer.allocate(SIZE + recent.encodedSize()).put(format), record);
        recent.writeTo(out);
        store.put(record.key().asString(), out.array());
    }

    private static ByteBuffer fields(ByteBuffer out, InventoryRecord record) {
        return out.putLong(record.quantity())
                .putLong(record.version())
                .putLong(record.lastUpdated().toEpochMilli());
    }
}
