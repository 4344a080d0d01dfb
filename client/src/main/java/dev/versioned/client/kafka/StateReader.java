package dev.versioned.client.kafka;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed records from the compacted state topic without a gateway: for the Kafka-direct client.
 *
 * <p>A read finds the partition the processor writes the key to (murmur2 of the productId, as for its
 * requests; records written before the processor did so are on the partition of {@code storeId/productId},
 * which is read too), and reads it {@code read_committed} up to its last stable offset as of the call, so it
 * sees every decision committed before the read began. What was read is kept, so the next
 * read of a partition continues where the last one stopped.
 *
 * <p>Limits: the first read of a partition replays it from its beginning, and everything read stays in
 * memory (some 300 bytes per record): fine for the records a service actually touches, not a replacement
 * for the gateway's state view over millions of records. Reads are serialized (one consumer). If the state
 * topic's partition count changes, the client must be restarted.
 */
public final class StateReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final Map<RecordKey, InventoryRecord> seen = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private int partitions;

    public StateReader(KafkaClients clients, String topic, Duration timeout) {
        this.consumer = clients.consumer("state-reader", "earliest");
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The committed record, or empty when never written (or deleted). */
    public synchronized Optional<InventoryRecord> read(RecordKey key) {
        if (partitions == 0) {
            partitions = KafkaClients.partitionsOf(consumer, topic, timeout).size();
        }
        // The processor writes a record to its productId's partition (that of its requests); before it did, to
        // the partition of the whole key, where records not written since still are. Both are read.
        Set<TopicPartition> wanted = new HashSet<>(List.of(
                new TopicPartition(topic, KeyPartitions.partitionOf(key.productId(), partitions)),
                new TopicPartition(topic, KeyPartitions.partitionOf(key.asString(), partitions))));
        Map<TopicPartition, Long> ends = consumer.endOffsets(wanted, timeout); // last stable offsets
        List<TopicPartition> behind = ends.entrySet().stream()
                .filter(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())
                .map(Map.Entry::getKey)
                .toList();
        if (!behind.isEmpty()) {
            consumer.assign(behind);
            behind.forEach(p -> consumer.seek(p, positions.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (behind.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException(
                            "state partitions " + behind + " not read up to " + ends + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
            }
            behind.forEach(p -> positions.put(p, consumer.position(p, timeout)));
        }
        return Optional.ofNullable(seen.get(key));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            RecordKey key = RecordKey.parse(record.key());
            if (record.value() == null) {
                seen.remove(key);
            } else {
                // The higher version wins: a key may have records in two partitions (see read).
                seen.merge(
                        key,
                        WireSerdes.INVENTORY_RECORD.fromBytes(record.value()),
                        (old, read) -> read.version() >= old.version() ? read : old);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "unreadable state record at {}-{}@{}: skipped",
                    record.topic(),
                    record.partition(),
                    record.offset());
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
