package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor as deployed: real broker, real Kafka Streams, exactly-once, RocksDB stores and changelogs. */
class ProcessorOnBrokerTest {

    private final TestKafka kafka = TestKafka.shared();
    private TopicNames topics;
    private String replyTopic;
    private String applicationId;
    private KafkaProducer<String, byte[]> producer;
    private ProcessorApp processor;

    @TempDir
    Path stateDirs;

    @BeforeEach
    void start() {
        topics = TestTopics.create(kafka, "t", 3);
        replyTopic = topics.replyPrefix() + "gw-1";
        applicationId = "processor-" + topics.requests();
        kafka.createTopics(1, replyTopic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        processor = startProcessor("first");
    }

    @AfterEach
    void stop() {
        processor.close();
        producer.close();
    }

    private ProcessorApp startProcessor(String stateDirName) {
        return startProcessor(stateDirName, new RestoreCounter());
    }

    private ProcessorApp startProcessor(String stateDirName, RestoreCounter restores) {
        ProcessorSettings settings = ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, applicationId)
                .withKafka(
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDirs.resolve(stateDirName).toString())
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
        ProcessorApp app = new ProcessorApp(settings);
        app.health().alsoNotify(restores);
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        return app;
    }

    private void send(UpdateRequest request, String correlationId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topics.requests(), request.productId(), WireSerdes.UPDATE_REQUEST.toBytes(request));
        record.headers().add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();
    }

    @Test
    @DisplayName(
            "requests are decided exactly once and their results reach the reply topic and the audit topic, committed")
    void decidesAndReplies() {
        send(UpdateRequest.set("store-1", "SKU-1", 10, 0, "create"), "c-1");
        send(UpdateRequest.adjust("store-1", "SKU-1", -3, 1, "take-3"), "c-2");
        send(UpdateRequest.adjust("store-1", "SKU-1", -3, 1, "take-3"), "c-3");
        send(UpdateRequest.adjust("store-1", "SKU-1", -1, 1, "stale"), "c-4");

        try (TopicReader<UpdateResult> replies = new TopicReader<>(
                        kafka.bootstrapServers(), replyTopic, WireSerdes.UPDATE_RESULT.deserializer());
                TopicReader<UpdateResult> results = new TopicReader<>(
                        kafka.bootstrapServers(), topics.results(), WireSerdes.UPDATE_RESULT.deserializer());
                TopicReader<InventoryRecord> state = new TopicReader<>(
                        kafka.bootstrapServers(), topics.state(), WireSerdes.INVENTORY_RECORD.deserializer())) {
            List<UpdateResult> answers =
                    replies.awaitAtLeast(4).stream().map(ConsumerRecord::value).toList();
            assertThat(answers)
                    .extracting(r -> r.correlationId().orElseThrow())
                    .containsExactly("c-1", "c-2", "c-3", "c-4");
            assertThat(answers)
                    .extracting(UpdateResult::code)
                    .containsExactly(
                            ResultCode.APPLIED, ResultCode.APPLIED, ResultCode.APPLIED, ResultCode.VERSION_CONFLICT);
            assertThat(answers.get(2).replayed()).isTrue();
            assertThat(answers.get(3).currentVersion()).contains(2L);
            assertThat(results.awaitAtLeast(4)).hasSize(4);
            // State is published once per product per commit: version 1 is skipped when both land in one commit.
            List<InventoryRecord> states = state.awaitLast(s -> s.version() == 2).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(states)
                    .extracting(InventoryRecord::version)
                    .isSubsetOf(1L, 2L)
                    .doesNotHaveDuplicates();
            assertThat(states.get(states.size() - 1).quantity()).isEqualTo(7);
        }
    }

    @Test
    @DisplayName("a new instance with empty local state restores both stores from their changelogs")
    void restoresFromChangelogs() {
        send(UpdateRequest.set("store-1", "SKU-2", 5, 0, "create-2"), "c-1");
        try (TopicReader<UpdateResult> replies =
                new TopicReader<>(kafka.bootstrapServers(), replyTopic, WireSerdes.UPDATE_RESULT.deserializer())) {
            replies.awaitAtLeast(1);
            processor.close();
            processor = startProcessor("second");

            send(UpdateRequest.set("store-1", "SKU-2", 5, 0, "create-2"), "c-2");
            send(UpdateRequest.adjust("store-1", "SKU-2", 1, 1, "add-1"), "c-3");

            List<UpdateResult> answers =
                    replies.awaitAtLeast(3).stream().map(ConsumerRecord::value).toList();
            assertThat(answers.get(1).replayed())
                    .as("idempotency store restored")
                    .isTrue();
            assertThat(answers.get(2).newVersion())
                    .as("inventory store restored")
                    .contains(2L);
            assertThat(answers.get(2).newQuantity()).contains(6L);
        }
    }

    @Test
    @DisplayName("a clean restart on the same state directory resumes from the stores' offsets: nothing is restored")
    void cleanRestartRestoresNothing() {
        send(UpdateRequest.set("store-1", "SKU-3", 5, 0, "create-3"), "c-1");
        try (TopicReader<UpdateResult> replies =
                new TopicReader<>(kafka.bootstrapServers(), replyTopic, WireSerdes.UPDATE_RESULT.deserializer())) {
            replies.awaitAtLeast(1);
            processor.close();
            RestoreCounter restores = new RestoreCounter();
            processor = startProcessor("first", restores);

            send(UpdateRequest.set("store-1", "SKU-3", 5, 0, "create-3"), "c-2");

            assertThat(replies.awaitAtLeast(2).get(1).value().replayed())
                    .as("state kept")
                    .isTrue();
            assertThat(restores.restored).as("records restored from changelogs").isEmpty();
        }
    }

    /** Counts the records Kafka Streams restores from changelogs, per store. */
    private static final class RestoreCounter implements org.apache.kafka.streams.processor.StateRestoreListener {
        final Map<String, Long> restored = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onRestoreStart(
                org.apache.kafka.common.TopicPartition partition, String store, long from, long to) {}

        @Override
        public void onBatchRestored(
                org.apache.kafka.common.TopicPartition partition, String store, long end, long count) {
            restored.merge(store, count, Long::sum);
        }

        @Override
        public void onRestoreEnd(org.apache.kafka.common.TopicPartition partition, String store, long total) {}
    }

    @Test
    @DisplayName(
            "the idempotency store's entries are counted exactly by the sweep, and the count stays put without requests")
    void idempotencyStoreSizeMetric() {
        // given five products created (each applied key leaves one marker entry)
        for (int i = 0; i < 5; i++) {
            send(UpdateRequest.set("store-1", "SKU-M" + i, 1, 0, "m-" + i), "c-" + i);
        }
        try (TopicReader<UpdateResult> replies =
                new TopicReader<>(kafka.bootstrapServers(), replyTopic, WireSerdes.UPDATE_RESULT.deserializer())) {
            replies.awaitAtLeast(5);
        }

        // then the metric counts exactly those five entries, and keeps that count while no request comes
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.idempotencyStoreSize() == 5);
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .until(() -> processor.idempotencyStoreSize() == 5);
    }
}
