package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.PollLoop;
import dev.versioned.gateway.view.ViewStore;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest record of every (store, product), read from the compacted state topic from its beginning
 * with {@code read_committed}, so a read never shows a decision that was not committed. Answers GET, and
 * lists a store's records in productId order.
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
public final class StateView implements Managed, RecordReader {

    private static final Logger LOG = LoggerFactory.getLogger(StateView.class);

    private final KafkaClients clients;
    private final String topic;
    private final Duration startupTimeout;
    private final Supplier<ViewStore> openStore;
    private volatile ViewStore records;
    private final Object progress = new Object();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private Map<TopicPartition, Long> startEnd = Map.of();
    /** Per partition, the last lag the consumer knew; read and written on the view's thread only. */
    private final Map<TopicPartition, Long> lagByPartition = new HashMap<>();

    private volatile long lag;

    /**
     * @param openStore opens the (empty) store the view fills, at {@link #start}; closed at {@link #stop}
     */
    public StateView(KafkaClients clients, String topic, Duration startupTimeout, Supplier<ViewStore> openStore) {
        this.clients = clients;
        this.topic = topic;
        this.startupTimeout = startupTimeout;
        this.openStore = openStore;
    }

    @Override
    public void start() throws Exception {
        records = openStore.get();
        KafkaConsumer<String, byte[]> c = clients.consumer("state-view", "earliest");
        List<TopicPartition> partitions = KafkaClients.partitionsOf(c, topic, Duration.ofSeconds(30));
        c.assign(partitions);
        c.seekToBeginning(partitions);
        startEnd = c.endOffsets(partitions, Duration.ofSeconds(30)); // read_committed: the last stable offsets
        // Until the first fetch tells the consumer its lag, the whole topic is still to be read.
        Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions, Duration.ofSeconds(30));
        startEnd.forEach((partition, end) ->
                lagByPartition.put(partition, Math.max(0, end - beginning.getOrDefault(partition, 0L))));
        lag = sum(lagByPartition);
        consumer = c;
        running = true;
        thread = new Thread(this::run, "state-view-" + topic);
        thread.setDaemon(true);
        thread.start();
        if (!caughtUp.await(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn(
                    "state view of {} has not caught up within {}; reads answer 503 until it has",
                    topic,
                    startupTimeout);
        } else {
            LOG.info("state view of {} caught up: about {} records", topic, records.approximateSize());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        ViewStore store = records;
        if (store != null && (t == null || !t.isAlive())) {
            store.close(); // only once its writer has ended
        }
    }

    @Override
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** How many records the view holds, estimated by its store (for logs and the health check). */
    public long size() {
        return records.approximateSize();
    }

    /**
     * How many offsets of the state topic the view has yet to read, over all partitions: 0 when it holds
     * everything committed. Counted in offsets, as Kafka counts lag, so it may overstate the records a little
     * (transaction markers and compacted records take offsets too). As of the view's last poll.
     */
    public long lagRecords() {
        return lag;
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
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (progress) {
            while (true) {
                Optional<InventoryRecord> current = get(key);
                long remaining = deadline - System.nanoTime();
                if (current.map(r -> r.version() >= minVersion).orElse(minVersion <= 0) || remaining <= 0) {
                    return current;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
        }
    }

    private void run() {
        PollLoop.run(
                consumer,
                () -> running,
                batch -> {
                    for (ConsumerRecord<String, byte[]> record : batch) {
                        apply(record);
                    }
                    records.commit(); // readers see the batch from here on, before anyone is notified
                    if (!isCaughtUp() && reachedStartEnd()) {
                        caughtUp.countDown();
                    }
                    updateLag();
                    if (!batch.isEmpty()) {
                        synchronized (progress) {
                            progress.notifyAll();
                        }
                    }
                },
                LOG,
                "state view of " + topic);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
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

    /** The consumer knows each partition's lag from its fetches (against the last stable offset): no request. */
    private void updateLag() {
        for (TopicPartition partition : startEnd.keySet()) {
            OptionalLong known = consumer.currentLag(partition);
            if (known.isPresent()) {
                lagByPartition.put(partition, known.getAsLong());
            }
        }
        lag = sum(lagByPartition);
    }

    private static long sum(Map<TopicPartition, Long> lags) {
        return lags.values().stream().mapToLong(Long::longValue).sum();
    }

    private boolean reachedStartEnd() {
        for (Map.Entry<TopicPartition, Long> end : startEnd.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
