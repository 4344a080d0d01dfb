package dev.versioned.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a throughput run wrote, counted exactly: every record between a start and an end offset is read back
 * with {@code read_uncommitted} (a consumer never sees transaction markers, but they take offsets), so that
 * per topic records = records read and markers = offsets spanned - records read. For the state topic it also
 * counts the records that sit on the partition murmur2 gives their productId (key {@code storeId/productId}),
 * which is the partition of the request that made them.
 */
final class ThroughputWrites {

    /** Per topic: data records, transaction markers, and records on their request's partition (state topic only). */
    record Counted(long records, long markers, long onRequestPartition) {}

    private ThroughputWrites() {}

    /**
     * @param start first offset to read, per partition (every partition of every topic to count)
     * @param end end offset per partition, read after the run
     */
    static Map<String, Counted> count(
            String bootstrap, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, String stateTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        Map<TopicPartition, Long> records = new HashMap<>();
        Map<TopicPartition, Long> onOwn = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        end.keySet().forEach(tp -> partitions.merge(tp.topic(), 1, Integer::sum));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var toRead = end.keySet().stream()
                    .filter(tp -> end.get(tp) > start.getOrDefault(tp, 0L))
                    .toList();
            consumer.assign(toRead);
            toRead.forEach(tp -> consumer.seek(tp, start.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (toRead.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading back what the run wrote");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    records.merge(tp, 1L, Long::sum);
                    if (r.topic().equals(stateTopic) && r.key() != null) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        String product = key.substring(key.indexOf('/') + 1);
                        if (FanOutPassthroughTopology.partitionOf(product, partitions.get(r.topic()))
                                == r.partition()) {
                            onOwn.merge(tp, 1L, Long::sum);
                        }
                    }
                }
            }
        }
        Map<String, Counted> byTopic = new LinkedHashMap<>();
        end.keySet().stream().map(TopicPartition::topic).distinct().sorted().forEach(topic -> {
            long n = 0;
            long spanned = 0;
            long own = 0;
            for (TopicPartition tp : end.keySet()) {
                if (tp.topic().equals(topic)) {
                    n += records.getOrDefault(tp, 0L);
                    own += onOwn.getOrDefault(tp, 0L);
                    spanned += end.get(tp) - start.getOrDefault(tp, 0L);
                }
            }
            byTopic.put(topic, new Counted(n, spanned - n, own));
        });
        return byTopic;
    }
}
