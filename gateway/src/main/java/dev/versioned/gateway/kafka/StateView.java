package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.view.ViewStore;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest record of every (store, product), read from the compacted state topic from its beginning
 * with {@code read_committed}, so a read never shows a decision that was not committed ({@link
 * CompactedTopicView}). Answers GET, and lists a store's records in productId order.
 *
 * <p>The records live in a {@link ViewStore}: in the gateway a RocksDB database in a local directory
 * ({@code RocksViewStore}), so the heap does not grow with the number of records. The view is rebuilt from
 * the topic's beginning at every start, into an emptied directory, and the directory is deleted at stop:
 * no offsets are kept, so nothing on disk can disagree with the topic. Start-up replays the topic before
 * {@link #start} returns (bounded by a timeout, after which the health check stays unhealthy and reads
 * answer 503 until the view has caught up). Measured by {@code ./bench/run view}
 * (docs/performance.md), against the former in-heap map: heap after GC 17 MiB at 1 million records and
 * 22 MiB at 10 million (the map: 379 MiB and 3,609 MiB); catch-up on 2 cores 12.6 s and 195 s (the map:
 * 15.5 s and 316 s), longer than the default start-up timeout at 10 million; a read 17-23 µs at 1 million
 * (the map: 7-12 µs). Partitions added to
 * the state topic later are not picked up until a restart.
 *
 * <p>The view lags the processor by the consumer's poll cycle: a caller that needs to read its own write
 * passes the version it wrote ({@code minVersion}) and {@link #awaitVersion} waits for it, bounded. Each
 * polled batch is committed to the store before waiters are woken. {@link #lagRecords} says how far behind
 * the topic's end the view is.
 */
public final class StateView extends CompactedTopicView implements RecordReader {

    private static final Logger LOG = LoggerFactory.getLogger(StateView.class);

    private final Supplier<ViewStore> openStore;
    private volatile ViewStore records;

    /**
     * @param openStore opens the (empty) store the view fills, at {@link #start}; closed at {@link #stop}
     */
    public StateView(KafkaClients clients, String topic, Duration startupTimeout, Supplier<ViewStore> openStore) {
        super(clients, topic, startupTimeout, "state-view");
        this.openStore = openStore;
    }

    @Override
    protected void openStore() {
        records = openStore.get();
    }

    @Override
    protected void commitStore() {
        records.commit();
    }

    @Override
    protected void closeStore() {
        ViewStore store = records;
        if (store != null) {
            store.close();
        }
    }

    /** How many records the view holds, estimated by its store (for logs and the health check). */
    @Override
    public long size() {
        return records.approximateSize();
    }

    @Override
    public Optional<InventoryRecord> get(RecordKey key) {
        return records.get(key);
    }

    @Override
    public List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit) {
        return records.list(storeId, afterProductId, limit);
    }

    /**
     * The record once its version is at least {@code minVersion}, or as it stands when {@code maxWait}
     * passes first (empty when never written).
     */
    @Override
    public Optional<InventoryRecord> awaitVersion(RecordKey key, long minVersion, Duration maxWait)
            throws InterruptedException {
        return awaitUntil(() -> get(key), r -> r.version() >= minVersion, minVersion <= 0, maxWait);
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        RecordKey key;
        try {
            key = RecordKey.parse(record.key());
        } catch (RuntimeException e) {
            LOG.warn(
                    "state record with a bad key at {}-{}@{}: skipped",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        if (record.value() == null) {
            records.remove(key);
            return;
        }
        try {
            records.put(key, WireSerdes.INVENTORY_RECORD.fromBytes(record.value()), record.value());
        } catch (RuntimeException e) {
            LOG.warn(
                    "unreadable state record for {} at {}-{}@{}: skipped",
                    key,
                    record.topic(),
                    record.partition(),
                    record.offset());
        }
    }
}
