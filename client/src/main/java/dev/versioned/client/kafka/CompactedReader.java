package dev.versioned.client.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed values from a compacted topic without a gateway: the one implementation behind
 * {@link StateReader} (inventory records) and {@link DocumentStateReader} (documents).
 *
 * <p>A read finds the partitions its key can be on, and reads them {@code read_committed} up to their last
 * stable offset as of the call, so it sees every decision committed before the read began. What was read is
 * kept, so the next read of a partition continues where the last one stopped; where a key has values on two
 * partitions, the higher version wins.
 *
 * <p>Limits: the first read of a partition replays it from its beginning, and everything read stays in
 * memory: fine for the records a service actually touches, not a replacement for the gateway's views over
 * millions of records. Reads are serialized (one consumer). If the topic's partition count changes, the client
 * must be restarted.
 *
 * @param <K> the key, parsed from the record key
 * @param <V> the value
 */
final class CompactedReader<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedReader.class);

    /** Where a key's values can be, given the topic's partition count. */
    interface Partitions<K> {
        Set<Integer> of(K key, int partitionCount);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final Function<String, K> keys;
    private final Function<byte[], V> values;
    private final Partitions<K> partitionsOf;
    private final ToLongFunction<V> version;
    private final Map<K, V> seen = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private int partitions;

    CompactedReader(
            KafkaConsumer<String, byte[]> consumer,
            String topic,
            Duration timeout,
            Function<String, K> keys,
            Function<byte[], V> values,
            Partitions<K> partitionsOf,
            ToLongFunction<V> version) {
        this.consumer = consumer;
        this.topic = topic;
        this.timeout = timeout;
        this.keys = keys;
        this.values = values;
        this.partitionsOf = partitionsOf;
        this.version = version;
    }

    /** The committed value, or empty when never written (or removed by a tombstone). */
    synchronized Optional<V> read(K key) {
        if (partitions == 0) {
            partitions = KafkaClients.partitionsOf(consumer, topic, timeout).size();
        }
        Set<TopicPartition> wanted = new java.util.HashSet<>();
        partitionsOf.of(key, partitions).forEach(p -> wanted.add(new TopicPartition(topic, p)));
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
                            "partitions " + behind + " not read up to " + ends + " within " + timeout);
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
            K key = keys.apply(record.key());
            if (record.value() == null) {
                seen.remove(key);
            } else {
                seen.merge(
                        key,
                        values.apply(record.value()),
                        (old, read) -> version.applyAsLong(read) >= version.applyAsLong(old) ? read : old);
            }
        } catch (RuntimeException e) {
            LOG.warn("unreadable record at {}-{}@{}: skipped", record.topic(), record.partition(), record.offset());
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
