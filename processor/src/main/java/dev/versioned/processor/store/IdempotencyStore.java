package dev.versioned.processor.store;

import dev.versioned.schemas.JsonSerde;
import dev.versioned.schemas.RecordKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Outcomes by idempotency key, per record, kept for the configured retention.
 *
 * <p>A persistent, changelogged window store, so that expiry is dropping whole time segments rather
 * than a sweep over every key: the store stays bounded at no per-record cost. A key is found again for
 * at least the retention after its first use (lookups ignore older entries); its storage is dropped at
 * the latest one segment later (segments are half the retention, at least a minute).
 *
 * <p>Time is the record timestamp (see {@code ClampedTimestampExtractor}), so expiry follows the
 * stream, not the wall clock, and tests can move it.
 */
public final class IdempotencyStore {

    public static final String NAME = "idempotency-store";
    static final JsonSerde<IdempotencyEntry> SERDE = new JsonSerde<>(IdempotencyEntry.class);

    private final WindowStore<String, IdempotencyEntry> store;
    private final Duration retention;

    public IdempotencyStore(WindowStore<String, IdempotencyEntry> store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<WindowStore<String, IdempotencyEntry>> builder(Duration retention) {
        // windowSize 1 ms: each entry is a point in time; retainDuplicates=false: one entry per key and time.
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(NAME, retention, Duration.ofMillis(1), false),
                Serdes.String(), SERDE);
    }

    /** The outcome recorded under this key for this record, if it is still within retention at {@code now}. */
    public Optional<IdempotencyEntry> find(RecordKey record, String idempotencyKey, Instant now) {
        try (WindowStoreIterator<IdempotencyEntry> it =
                     store.fetch(key(record, idempotencyKey), now.minus(retention), Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return it.hasNext() ? Optional.of(it.next().value) : Optional.empty();
        }
    }

    /** Records the first outcome under this key. */
    public void record(RecordKey record, String idempotencyKey, IdempotencyEntry entry, Instant at) {
        store.put(key(record, idempotencyKey), entry, at.toEpochMilli());
    }

    // Ids cannot contain '/', and the idempotency key comes last: the composite is unambiguous.
    private static String key(RecordKey record, String idempotencyKey) {
        return record.asString() + RecordKey.SEPARATOR + idempotencyKey;
    }
}
