package dev.versioned.faults;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many entries the idempotency stores hold, counted from their changelog topic, independent of the
 * processors: a key is live from its last value until its tombstone (the sweep's delete). This is the
 * store's true size, one copy per partition; the processors' own metric (counted by each store's sweep) is
 * kept beside it in the report.
 */
final class ChangelogEntries implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Set<Key> live = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile int size;

    /** A changelog key, compared by content. */
    private record Key(String bytes) {}

    ChangelogEntries(String bootstrap, String applicationId, String storeName) {
        this.topic = applicationId + "-" + storeName + "-changelog";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "soak-changelog-entries");
        thread.setDaemon(true);
        thread.start();
    }

    /** Live entries in the changelog read so far. */
    int size() {
        return size;
    }

    private void follow() {
        try {
            List<PartitionInfo> partitions = List.of();
            while (running.get() && partitions.isEmpty()) {
                try {
                    // the changelog is created by the processors when they first start
                    partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // the broker is restarting: ask again
                }
            }
            consumer.assign(partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList());
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Key key = new Key(new String(r.key(), java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (r.value() == null) {
                        live.remove(key);
                    } else {
                        live.add(key);
                    }
                }
                size = live.size();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("soak: counting the idempotency changelog stopped: " + e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(10_000);
        consumer.close();
    }
}
