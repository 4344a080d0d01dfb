package dev.versioned.faults;

import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Whether every partition of the requests topic is decided, and how long it took: one new request per
 * partition (a create of a product of that partition, under a key never used), written straight to the
 * requests topic, and the time until its result is readable, committed, on the results topic. A partition
 * whose processor was killed answers only once another instance has taken it over, so a probe sent at the
 * kill measures the takeover as a caller sees it.
 */
final class PartitionProbe implements AutoCloseable {

    private static final AtomicLong ROUNDS = new AtomicLong();

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> results;
    private final int partitions;
    private final String tag;

    PartitionProbe(String bootstrap, int partitions, String tag) {
        this.partitions = partitions;
        this.tag = tag;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        results = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            all.add(new TopicPartition(TopicNames.DEFAULTS.results(), i));
        }
        results.assign(all);
        results.seekToEnd(all);
        all.forEach(results::position); // fixes the end now: every result of a later probe comes after it
    }

    /**
     * Sends one request to every partition now, and waits until each is decided or {@code atMost} passes.
     *
     * @return per partition, the time from the send until its result was read; a partition not decided
     *     within {@code atMost} is absent
     */
    Map<Integer, Duration> round(Duration atMost) {
        long round = ROUNDS.incrementAndGet();
        Map<String, Integer> waiting = new HashMap<>();
        long sentAt = System.nanoTime();
        boolean[] covered = new boolean[partitions];
        for (int n = 0; waiting.size() < partitions; n++) {
            String product = "PROBE-" + tag + "-" + round + "-" + n;
            int partition = KeyPartitions.partitionOf(product, partitions);
            if (covered[partition]) {
                continue;
            }
            covered[partition] = true;
            String key = "probe-" + tag + "-" + round + "-" + partition;
            waiting.put(key, partition);
            UpdateRequest request = UpdateRequest.set("store-probe", product, 1, 0, key);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    TopicNames.DEFAULTS.requests(), partition, product, WireSerdes.UPDATE_REQUEST.toBytes(request));
            record.headers().add(ReplyHeaders.CORRELATION_ID, key.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
        Map<Integer, Duration> decided = new TreeMap<>();
        long deadline = sentAt + atMost.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(50))) {
                UpdateResult result;
                try {
                    result = WireSerdes.UPDATE_RESULT.fromBytes(r.value());
                } catch (RuntimeException notAResult) {
                    continue;
                }
                Integer partition = result.idempotencyKey().map(waiting::remove).orElse(null);
                if (partition != null) {
                    decided.put(partition, Duration.ofNanos(System.nanoTime() - sentAt));
                }
            }
        }
        return decided;
    }

    /** A round that must decide every partition within {@code atMost}, as a precondition. */
    Map<Integer, Duration> awaitAllDecided(Duration atMost) {
        Map<Integer, Duration> decided = round(atMost);
        if (decided.size() != partitions) {
            throw new IllegalStateException("only partitions " + decided.keySet() + " of " + partitions
                    + " decided a probe within " + atMost.toSeconds() + " s");
        }
        return decided;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close(Duration.ofSeconds(5));
    }

    static long millis(Duration d) {
        return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
    }
}
