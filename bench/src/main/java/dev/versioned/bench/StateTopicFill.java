package dev.versioned.bench;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted state topic holding {@code records} distinct records, as the processor leaves it once compacted:
 * one {@link InventoryRecord} per key, in its wire form ({@link WireSerdes}), keyed {@code storeId/productId},
 * written in transactions (so the topic carries the transaction markers a {@code read_committed} reader skips).
 * 100 stores, products {@code SKU-00000000} upwards, versions and quantities varied.
 */
final class StateTopicFill {

    static final int PARTITIONS = 6;
    static final int STORES = 100;
    private static final int PER_TRANSACTION = 20_000;

    private StateTopicFill() {}

    /** The record number {@code i} of the fill (also what the view bench reads back at random). */
    static RecordKey key(long i) {
        return new RecordKey(String.format("store-%03d", i % STORES), String.format("SKU-%08d", i / STORES));
    }

    /** Creates the topic and fills it; returns records written per second. */
    static double fill(Admin admin, String bootstrap, String topic, long records) throws Exception {
        admin.createTopics(List.of(
                        new NewTopic(topic, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get(60, TimeUnit.SECONDS);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-fill");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (long i = 0; i < records; i += PER_TRANSACTION) {
                producer.beginTransaction();
                for (long j = i; j < Math.min(records, i + PER_TRANSACTION); j++) {
                    RecordKey key = key(j);
                    long version = 1 + (j * 7919) % 40;
                    InventoryRecord value = new InventoryRecord(
                            key.storeId(), key.productId(), (j * 31) % 500, version, base.plusMillis(j * 13));
                    producer.send(
                            new ProducerRecord<>(topic, key.asString(), WireSerdes.INVENTORY_RECORD.toBytes(value)));
                }
                producer.commitTransaction();
            }
        }
        return records / ((System.nanoTime() - started) / 1e9);
    }
}
