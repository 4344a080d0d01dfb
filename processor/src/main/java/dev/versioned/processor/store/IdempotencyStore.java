package dev.versioned.processor.store;

import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Outcomes by idempotency key, per record, kept for the configured retention.
 *
 * <p>A persistent, changelogged RocksDB key-value store: a lookup is one point read. (A window store was
 * measured first: each lookup opened an iterator on every time segment, and it cost most of the
 * processor's throughput.) Expiry is exact on read: an entry older than the retention, in stream time, is
 * treated as absent. The store stays bounded through {@link #sweep}, which the processor runs on a
 * wall-clock schedule: each run examines at most a batch of entries from where the previous one stopped
 * and deletes the expired ones, so an entry's storage is gone at most one full pass after it expired,
 * and no run holds the stream thread for long.
 *
 * <p>Values are {@code [format=2][recordedAt epoch millis][SHA-256 fingerprint, 32 bytes][outcome]}, the
 * outcome in {@link OutcomeCodec}'s binary form (about 80 bytes in all for an applied update): the sweep
 * reads 8 bytes per entry, and only a replay decodes the outcome. Entries of format 1, written by earlier
 * versions with the published result JSON as the outcome, are still read until they expire.
 */
public final class IdempotencyStore {

    public static final String NAME = "idempotency-store";
    /** How often the sweep runs (wall clock). */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    /**
     * How many entries one sweep examines at most: at 1,000 a second, a partition deciding up to 1,000
     * requests/s completes a pass within the 24 h retention (so it holds at most two retentions' entries),
     * and one slice holds the stream thread for a few milliseconds (10,000 at a time held it for 25-50 ms,
     * which showed in the HTTP tail latency).
     */
    public static final int SWEEP_BATCH = 1_000;

    private static final byte FORMAT = 2;
    private static final byte FORMAT_JSON = 1;
    private static final int FINGERPRINT_BYTES = 32;
    private static final int HEADER = 1 + Long.BYTES + FINGERPRINT_BYTES;

    private final KeyValueStore<String, byte[]> store;
    private final Duration retention;
    private Optional<String> sweepCursor = Optional.empty();

    public IdempotencyStore(KeyValueStore<String, byte[]> store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray());
    }

    /** The outcome recorded under this key for this record, if it is still within retention at {@code now}. */
    public Optional<IdempotencyEntry> find(RecordKey record, String idempotencyKey, Instant now) {
        byte[] value = store.get(key(record, idempotencyKey));
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        UpdateResult outcome = value[0] == FORMAT_JSON
                ? WireSerdes.UPDATE_RESULT.fromBytes(Arrays.copyOfRange(value, HEADER, value.length))
                : OutcomeCodec.decode(value, HEADER, record, idempotencyKey);
        return Optional.of(new IdempotencyEntry(HexFormat.of().formatHex(value, 1 + Long.BYTES, HEADER), outcome,
                Instant.ofEpochMilli(recordedAt(value))));
    }

    /**
     * Records the first outcome under this key (replacing an expired entry, if any).
     *
     * @param fingerprint the request's {@code Fingerprint} (64 hex digits)
     * @param outcome the outcome as published (its correlation id is not kept: a replay carries the retry's)
     */
    public void record(RecordKey record, String idempotencyKey, String fingerprint, UpdateResult outcome, Instant at) {
        byte[] encoded = OutcomeCodec.encode(outcome);
        store.put(key(record, idempotencyKey), ByteBuffer.allocate(HEADER + encoded.length)
                .put(FORMAT).putLong(at.toEpochMilli()).put(HexFormat.of().parseHex(fingerprint)).put(encoded)
                .array());
    }

    /**
     * Deletes expired entries among at most {@code batch} entries, continuing where the last sweep
     * stopped and wrapping around at the end. Returns how many it deleted.
     */
    public int sweep(Instant now, int batch) {
        int examined = 0;
        int deleted = 0;
        Optional<String> last = Optional.empty();
        try (KeyValueIterator<String, byte[]> it = store.range(sweepCursor.orElse(null), null)) {
            while (examined < batch && it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                examined++;
                last = Optional.of(next.key);
                if (expired(next.value, now)) {
                    store.delete(next.key);
                    deleted++;
                }
            }
            // Reached the end: the next sweep starts from the beginning.
            sweepCursor = it.hasNext() ? last : Optional.empty();
        }
        return deleted;
    }

    private boolean expired(byte[] value, Instant now) {
        return recordedAt(value) < now.minus(retention).toEpochMilli();
    }

    private static long recordedAt(byte[] value) {
        if (value.length < HEADER || (value[0] != FORMAT && value[0] != FORMAT_JSON)) {
            throw new IllegalStateException("idempotency-store value has unknown format " + value[0]);
        }
        return ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
    }

    // Ids cannot contain '/', and the idempotency key comes last: the composite is unambiguous.
    private static String key(RecordKey record, String idempotencyKey) {
        return record.asString() + RecordKey.SEPARATOR + idempotencyKey;
    }
}
