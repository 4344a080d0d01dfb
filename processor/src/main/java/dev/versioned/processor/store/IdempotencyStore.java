package dev.versioned.processor.store;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongConsumer;
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
 *
 * <p>The store also holds completed blocks of records' {@link Transitions} (applied conditional updates,
 * {@value Transitions#PER_BLOCK} versions each), moved out of the record's value when its next block begins:
 * key {@code storeId/productId/} + the control character 0x01 + the block number, which no idempotency key
 * can be (keys are printable ASCII);
 * value {@code [format=3][newest transition's time][transitions]}. They expire, and are swept, like entries.
 *
 * <p>An applied conditional update, whose outcome its record's transitions keep, leaves only a marker under its
 * key: {@code [format=5][recordedAt][the version it made]}, 17 bytes. A later request with that key, whatever its
 * fields and expected version, finds the marker in the same point read as any entry, and the transition it
 * names gives the first outcome: a key is never applied twice within the retention.
 *
 * <p>Documents' outcomes live here too, under {@code 0x02 collection/id/key}, as
 * {@code [format=4][recordedAt][fingerprint][the published result JSON]}: a replay answers with the document as
 * the first outcome had it. One store keeps one sweep and one retention for every kind of request.
 *
 * <p>Appends to streams leave two kinds of entries: under {@code 0x03 stream/key} the append's outcome,
 * {@code [format=6][recordedAt][fingerprint][events' fingerprint][the published result JSON]}; and under
 * {@code 0x04 stream/eventId}, for each event whose id the writer gave, {@code [format=7][recordedAt][the key of
 * the append that wrote it]}, so that an event id is found in one point read and leads to its append's outcome.
 * Both expire with the retention, together.
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
    private static final byte FORMAT_TRANSITIONS = 3;
    private static final byte FORMAT_DOCUMENT = 4;
    private static final byte FORMAT_APPLIED = 5;
    private static final int APPLIED_BYTES = 1 + Long.BYTES + Long.BYTES;
    private static final byte FORMAT_APPEND = 6;
    private static final byte FORMAT_EVENT_ID = 7;
    /** Starts the key of an append's entry: a control character, which no store id can begin with. */
    private static final char APPEND_PREFIX = '\u0003';
    /** Starts the key of an event id's entry. */
    private static final char EVENT_ID_PREFIX = '\u0004';
    /** Starts the key of a document's entry: a control character, which no store id can begin with. */
    private static final char DOCUMENT_PREFIX = '\u0002';

    private static final int TRANSITIONS_HEADER = 1 + Long.BYTES;
    private static final int FINGERPRINT_BYTES = 32;
    private static final int HEADER = 1 + Long.BYTES + FINGERPRINT_BYTES;
    private static final int APPEND_HEADER = HEADER + FINGERPRINT_BYTES;

    private final KeyValueStore<String, byte[]> store;
    private final Duration retention;
    private Optional<String> sweepCursor = Optional.empty();
    /** Unexpired entries seen so far by the pass under way. */
    private long liveInPass;

    private final LongConsumer onPassCompleted;

    public IdempotencyStore(KeyValueStore<String, byte[]> store, Duration retention) {
        this(store, retention, live -> {});
    }

    /**
     * @param onPassCompleted told, each time a sweep pass reaches the end of the store, how many unexpired entries
     *     the pass saw: a true count of the store (RocksDB's estimate of its keys counts deleted and overwritten
     *     ones until compaction, and grew without any request)
     */
    public IdempotencyStore(KeyValueStore<String, byte[]> store, Duration retention, LongConsumer onPassCompleted) {
        this.store = store;
        this.retention = retention;
        this.onPassCompleted = onPassCompleted;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray());
    }

    /** What is remembered under an idempotency key of a record: its outcome, or the version it applied. */
    public sealed interface Remembered {
        /** The recorded outcome itself. */
        record Outcome(IdempotencyEntry entry) implements Remembered {}

        /** The key applied the transition to {@code version}, whose outcome the record's transitions keep. */
        record Applied(long version) implements Remembered {}
    }

    /** What is remembered under this key for this record, if it is still within retention at {@code now}. */
    public Optional<Remembered> find(RecordKey record, String idempotencyKey, Instant now) {
        byte[] value = store.get(key(record, idempotencyKey));
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        if (value[0] == FORMAT_APPLIED) {
            return Optional.of(new Remembered.Applied(
                    ByteBuffer.wrap(value, 1 + Long.BYTES, Long.BYTES).getLong()));
        }
        UpdateResult outcome = value[0] == FORMAT_JSON
                ? WireSerdes.UPDATE_RESULT.fromBytes(Arrays.copyOfRange(value, HEADER, value.length))
                : OutcomeCodec.decode(value, HEADER, record, idempotencyKey);
        return Optional.of(new Remembered.Outcome(new IdempotencyEntry(
                HexFormat.of().formatHex(value, 1 + Long.BYTES, HEADER),
                outcome,
                Instant.ofEpochMilli(recordedAt(value)))));
    }

    /** Marks this key as having applied the transition of this record to {@code version}. */
    public void recordApplied(RecordKey record, String idempotencyKey, long version, Instant at) {
        store.put(
                key(record, idempotencyKey),
                ByteBuffer.allocate(APPLIED_BYTES)
                        .put(FORMAT_APPLIED)
                        .putLong(at.toEpochMilli())
                        .putLong(version)
                        .array());
    }

    /**
     * Records the first outcome under this key (replacing an expired entry, if any).
     *
     * @param fingerprint the request's {@code Fingerprint} (64 hex digits)
     * @param outcome the outcome as published (its correlation id is not kept: a replay carries the retry's)
     */
    public void record(RecordKey record, String idempotencyKey, String fingerprint, UpdateResult outcome, Instant at) {
        store.put(key(record, idempotencyKey), entry(FORMAT, at, fingerprint, OutcomeCodec.encode(outcome)));
    }

    /** The outcome recorded under this key for this document, if it is still within retention at {@code now}. */
    public Optional<DocumentEntry> findDocument(DocumentKey document, String idempotencyKey, Instant now) {
        byte[] value = store.get(documentKey(document, idempotencyKey));
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        return Optional.of(new DocumentEntry(
                HexFormat.of().formatHex(value, 1 + Long.BYTES, HEADER),
                WireSerdes.DOCUMENT_RESULT.fromBytes(Arrays.copyOfRange(value, HEADER, value.length)),
                Instant.ofEpochMilli(recordedAt(value))));
    }

    /** Records the first outcome of a document request under its key, its JSON as published. */
    public void recordDocument(
            DocumentKey document, String idempotencyKey, String fingerprint, byte[] outcomeJson, Instant at) {
        store.put(documentKey(document, idempotencyKey), entry(FORMAT_DOCUMENT, at, fingerprint, outcomeJson));
    }

    /** What is remembered of a document request: its fingerprint, its outcome, when. */
    public record DocumentEntry(String fingerprint, DocumentResult result, Instant recordedAt) {}

    /** The outcome recorded under this key for this stream, if it is still within retention at {@code now}. */
    public Optional<AppendEntry> findAppend(String stream, String idempotencyKey, Instant now) {
        byte[] value = store.get(APPEND_PREFIX + stream + RecordKey.SEPARATOR + idempotencyKey);
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        return Optional.of(new AppendEntry(
                HexFormat.of().formatHex(value, 1 + Long.BYTES, HEADER),
                HexFormat.of().formatHex(value, HEADER, APPEND_HEADER),
                WireSerdes.STREAM_RESULT.fromBytes(Arrays.copyOfRange(value, APPEND_HEADER, value.length))));
    }

    /**
     * Records the first outcome of an append under its key: its fingerprint, its events' fingerprint (what an
     * append carrying the same event ids must match to be a replay), its JSON as published.
     */
    public void recordAppend(
            String stream,
            String idempotencyKey,
            String fingerprint,
            String eventsFingerprint,
            byte[] outcomeJson,
            Instant at) {
        byte[] entry = entry(FORMAT_APPEND, at, fingerprint, new byte[FINGERPRINT_BYTES + outcomeJson.length]);
        System.arraycopy(HexFormat.of().parseHex(eventsFingerprint), 0, entry, HEADER, FINGERPRINT_BYTES);
        System.arraycopy(outcomeJson, 0, entry, APPEND_HEADER, outcomeJson.length);
        store.put(APPEND_PREFIX + stream + RecordKey.SEPARATOR + idempotencyKey, entry);
    }

    /** The key of the append that wrote this event id into this stream, if it is still within retention. */
    public Optional<String> findEventId(String stream, String eventId, Instant now) {
        byte[] value = store.get(EVENT_ID_PREFIX + stream + RecordKey.SEPARATOR + eventId);
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        return Optional.of(new String(value, 1 + Long.BYTES, value.length - 1 - Long.BYTES, StandardCharsets.US_ASCII));
    }

    /** Records that the append with {@code idempotencyKey} wrote {@code eventId} into this stream. */
    public void recordEventId(String stream, String eventId, String idempotencyKey, Instant at) {
        byte[] key = idempotencyKey.getBytes(StandardCharsets.US_ASCII);
        store.put(
                EVENT_ID_PREFIX + stream + RecordKey.SEPARATOR + eventId,
                ByteBuffer.allocate(1 + Long.BYTES + key.length)
                        .put(FORMAT_EVENT_ID)
                        .putLong(at.toEpochMilli())
                        .put(key)
                        .array());
    }

    /** What is remembered of an append: its fingerprint, its events' fingerprint, its outcome. */
    public record AppendEntry(String fingerprint, String eventsFingerprint, StreamResult result) {}

    /** Stores a completed block of a record's transitions, moved out of the record's value. */
    public void recordTransitions(RecordKey record, Transitions block) {
        ByteBuffer out = ByteBuffer.allocate(TRANSITIONS_HEADER + block.encodedSize())
                .put(FORMAT_TRANSITIONS)
                .putLong(block.newest().orElseThrow().toEpochMilli());
        block.writeTo(out);
        store.put(blockKey(record, block.block()), out.array());
    }

    /** The transition of this record to {@code version}, from its stored block, if it is still within retention. */
    public Optional<Transition> transition(RecordKey record, long version, Instant now) {
        byte[] value = store.get(blockKey(record, Transitions.blockOf(version)));
        if (value == null || expired(value, now)) {
            return Optional.empty();
        }
        return Transitions.readFrom(value, TRANSITIONS_HEADER)
                .at(version)
                .filter(t -> !t.at().isBefore(now.minus(retention)));
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
                } else {
                    liveInPass++;
                }
            }
            // Reached the end: the next sweep starts from the beginning.
            sweepCursor = it.hasNext() ? last : Optional.empty();
            if (sweepCursor.isEmpty()) {
                onPassCompleted.accept(liveInPass);
                liveInPass = 0;
            }
        }
        return deleted;
    }

    /** {@code [format][at][fingerprint][outcome]}: an entry of either kind. */
    private static byte[] entry(byte format, Instant at, String fingerprint, byte[] outcome) {
        return ByteBuffer.allocate(HEADER + outcome.length)
                .put(format)
                .putLong(at.toEpochMilli())
                .put(HexFormat.of().parseHex(fingerprint))
                .put(outcome)
                .array();
    }

    private boolean expired(byte[] value, Instant now) {
        return recordedAt(value) < now.minus(retention).toEpochMilli();
    }

    private static long recordedAt(byte[] value) {
        boolean known =
                value.length >= HEADER && (value[0] == FORMAT || value[0] == FORMAT_JSON || value[0] == FORMAT_DOCUMENT)
                        || value.length > TRANSITIONS_HEADER && value[0] == FORMAT_TRANSITIONS
                        || value.length == APPLIED_BYTES && value[0] == FORMAT_APPLIED
                        || value.length > APPEND_HEADER && value[0] == FORMAT_APPEND
                        || value.length > 1 + Long.BYTES && value[0] == FORMAT_EVENT_ID;
        if (!known) {
            throw new IllegalStateException("idempotency-store value has unknown format " + value[0]);
        }
        return ByteBuffer.wrap(value, 1, Long.BYTES).getLong();
    }

    // Ids cannot contain '/', and the idempotency key comes last: the composite is unambiguous.
    private static String key(RecordKey record, String idempotencyKey) {
        return record.asString() + RecordKey.SEPARATOR + idempotencyKey;
    }

    private static String documentKey(DocumentKey document, String idempotencyKey) {
        return DOCUMENT_PREFIX + document.asString() + RecordKey.SEPARATOR + idempotencyKey;
    }

    private static String blockKey(RecordKey record, long block) {
        return record.asString() + RecordKey.SEPARATOR + '\u0001' + block;
    }
}
