package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;

/**
 * A processor on the real broker with its own topics (6 request partitions, like the local stack), a
 * Java producer allowed to send records up to the broker's own limit, kcat (librdkafka, its default CRC32
 * partitioner) as a second, non-Java producer, and readers of every output topic. For the tests of the
 * Kafka boundary.
 */
final class BoundaryStack implements AutoCloseable {

    static final int PARTITIONS = 6;
    /** Over the broker's default message.max.bytes (about 1 MiB): the broker, not the producer, is the limit. */
    private static final int PRODUCER_MAX_REQUEST = 4 << 20;

    final TestKafka kafka;
    final TopicNames topics;
    final String replyTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final ProcessorApp processor;

    BoundaryStack(TestKafka kafka, Path stateDir, UnaryOperator<ProcessorSettings> configure) {
        this.kafka = kafka;
        topics = TestTopics.create(kafka, "edge", PARTITIONS);
        String suffix = topics.requests();
        replyTopic = topics.replyPrefix() + "gw-1";
        kafka.createTopics(1, replyTopic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PRODUCER_MAX_REQUEST);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * PRODUCER_MAX_REQUEST);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        processor = new ProcessorApp(configure.apply(ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, "processor-" + suffix)
                .withKafka(
                        StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(suffix).toString())
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20")));
        processor.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
    }

    /** The partition a Java producer (murmur2) puts this key on. */
    static int murmur2Partition(String key) {
        return KeyPartitions.partitionOf(key, PARTITIONS);
    }

    /** The partition kcat's default partitioner (librdkafka's consistent_random: CRC32) puts this key on. */
    static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    /** A product id of the given prefix that kcat's default partitioner puts on another partition than Java's. */
    static String misroutedByKcat(String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + "-" + i;
            if (crc32Partition(id) != murmur2Partition(id)) {
                return id;
            }
        }
    }

    /** Sends with the Java producer, to the partition murmur2 gives the key unless one is named. */
    void send(Optional<Integer> partition, String key, byte[] value, Map<String, byte[]> headers) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach(h::add);
        producer.send(new ProducerRecord<>(topics.requests(), partition.orElse(null), key, value, h));
        producer.flush();
    }

    void send(String key, String json, String correlationId) {
        send(
                Optional.empty(),
                key,
                json.getBytes(StandardCharsets.UTF_8),
                Map.of(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends one record with kcat and its default (CRC32) partitioner; fails the test if kcat fails. */
    void sendWithKcat(String key, String json, Map<String, String> headers) throws IOException, InterruptedException {
        Path value = Files.createTempFile("kcat-value", ".json");
        try {
            Files.writeString(value, json);
            List<String> command = new ArrayList<>(
                    List.of("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", topics.requests(), "-k", key));
            headers.forEach((name, v) -> command.addAll(List.of("-H", name + "=" + v)));
            command.add(value.toString());
            Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                assertThat(kcat.waitFor(30, TimeUnit.SECONDS))
                        .as("kcat finished")
                        .isTrue();
                assertThat(kcat.exitValue())
                        .as("kcat: " + new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isZero();
            } finally {
                kcat.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(value);
        }
    }

    static boolean kcatInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, "kcat").canExecute()) {
                return true;
            }
        }
        return false;
    }

    List<ConsumerRecord<String, UpdateResult>> results() {
        return readAll(topics.results(), bytes -> WireSerdes.UPDATE_RESULT.fromBytes(bytes));
    }

    List<ConsumerRecord<String, UpdateResult>> replies() {
        return readAll(replyTopic, bytes -> WireSerdes.UPDATE_RESULT.fromBytes(bytes));
    }

    List<ConsumerRecord<String, InventoryRecord>> states() {
        return readAll(topics.state(), bytes -> WireSerdes.INVENTORY_RECORD.fromBytes(bytes));
    }

    List<ConsumerRecord<String, DeadLetter>> deadLetters() {
        return readAll(topics.deadLetters(), bytes -> WireSerdes.DEAD_LETTER.fromBytes(bytes));
    }

    /** The serialized sizes of the dead letters, key and value and headers. */
    List<Integer> deadLetterSizes() {
        return readAll(topics.deadLetters(), bytes -> bytes).stream()
                .map(r -> r.serializedKeySize()
                        + r.serializedValueSize()
                        + java.util.Arrays.stream(r.headers().toArray())
                                .mapToInt(h -> h.key().length() + (h.value() == null ? 0 : h.value().length))
                                .sum())
                .toList();
    }

    /** Results by correlation id (in offset order per partition). */
    List<UpdateResult> resultsFor(String correlationId) {
        return results().stream()
                .map(ConsumerRecord::value)
                .filter(r -> r.correlationId().equals(Optional.of(correlationId)))
                .toList();
    }

    /** A metric of the processor's own group, summed over its stream threads. */
    double metric(String name) {
        return processor.streams().metrics().entrySet().stream()
                .filter(e ->
                        e.getKey().name().equals(name) && e.getKey().group().equals("stream-inventory-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Every record of a topic now, read_committed, from the beginning to the end offsets of this moment. */
    private <V> List<ConsumerRecord<String, V>> readAll(String topic, java.util.function.Function<byte[], V> decode) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PRODUCER_MAX_REQUEST);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new ConsumerRecord<>(
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            r.timestamp(),
                            r.timestampType(),
                            r.serializedKeySize(),
                            r.serializedValueSize(),
                            r.key(),
                            decode.apply(r.value()),
                            r.headers(),
                            r.leaderEpoch()));
                }
            }
            return out;
        }
    }

    @Override
    public void close() {
        processor.close();
        producer.close();
    }
}
