package dev.versioned.client.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Kafka clients of a request/reply sender (the gateway, or the Kafka-direct client) from
 * configured client properties, then enforces what the acknowledgement guarantees rest on:
 * <ul>
 *   <li>producer: {@code acks=all}, idempotence on, no transactions (a request is one record);</li>
 *   <li>consumers: {@code read_committed} (only committed decisions are acknowledged), no group, no
 *       auto-commit: they use {@code assign()} so no rebalance can move their partitions.</li>
 * </ul>
 * Producer and consumer properties that only apply to the other kind are dropped by the clients with a
 * warning; that is harmless.
 */
public final class KafkaClients {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    private final Map<String, String> properties;
    private final String clientIdBase;

    /**
     * @param properties any Kafka client properties ({@code bootstrap.servers}, TLS, SASL, ...)
     * @param clientIdBase prefix of every client's {@code client.id}, unless {@code client.id} is configured
     */
    public KafkaClients(Map<String, String> properties, String clientIdBase) {
        this.properties = Map.copyOf(properties);
        this.clientIdBase = properties.getOrDefault("client.id", clientIdBase);
    }

    public KafkaProducer<String, byte[]> producer(int maxBlockMs) {
        Properties props = base("producer");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(maxBlockMs));
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        enforce(props, ProducerConfig.ACKS_CONFIG, "all");
        enforce(props, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null) {
            LOG.warn("ignoring transactional.id: a request/reply producer is idempotent, not transactional");
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public KafkaConsumer<String, byte[]> consumer(String role, String offsetReset) {
        Properties props = base(role);
        enforce(props, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        enforce(props, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (props.remove(ConsumerConfig.GROUP_ID_CONFIG) != null) {
            LOG.warn("ignoring group.id: request/reply consumers assign their partitions themselves");
        }
        enforce(props, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A consumer of the group {@code groupId}, {@code read_committed}, without auto-commit (its owner commits what it
     * has handled): for subscriptions, whose competing members share a topic's partitions. {@code offsetReset} is
     * where a partition without a committed offset starts.
     */
    public KafkaConsumer<String, byte[]> groupConsumer(String role, String groupId, String offsetReset) {
        Properties props = base(role);
        enforce(props, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        enforce(props, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        return Admin.create(base("admin"));
    }

    /** The partitions of {@code topic}, waiting up to {@code wait} for its metadata (a new topic's may lag). */
    public static List<TopicPartition> partitionsOf(
            KafkaConsumer<String, byte[]> consumer, String topic, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition))
                        .toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
            }
            try {
                Thread.sleep(100); // metadata of a topic created a moment ago may not be everywhere yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    private Properties base(String role) {
        Properties props = new Properties();
        props.putAll(properties);
        props.put("client.id", clientIdBase + "-" + role);
        return props;
    }

    private static void enforce(Properties props, String key, String value) {
        Object previous = props.put(key, value);
        if (previous != null && !previous.equals(value)) {
            LOG.warn(
                    "overriding {}={} with {}: read_committed replies and acks=all sends need it",
                    key,
                    previous,
                    value);
        }
    }
}
