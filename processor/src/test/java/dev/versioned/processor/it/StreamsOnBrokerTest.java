package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
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

/**
 * Appends on a real broker: events committed with their append, and what decides duplicates (keys, event ids,
 * heads) restored by a new instance with empty local state, as after a crash or a rebalance to another host.
 */
class StreamsOnBrokerTest {

    private final TestKafka kafka = TestKafka.shared();
    private TopicNames topics;
    private String replyTopic;
    private String eventsTopic;
    private String applicationId;
    private KafkaProducer<String, byte[]> producer;
    private ProcessorApp processor;

    @TempDir
    Path stateDirs;

    @BeforeEach
    void start() {
        topics = TestTopics.create(kafka, "s", 3);
        replyTopic = topics.replyPrefix() + "gw-1";
        eventsTopic = "streams.events-" + topics.requests();
        applicationId = "processor-" + topics.requests();
        kafka.createTopics(1, replyTopic);
        kafka.createTopics(3, eventsTopic);
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
        ProcessorSettings settings = ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withStreams(StreamSettings.DEFAULTS.withEventsTopic(eventsTopic))
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, applicationId)
                .withKafka(
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDirs.resolve(stateDirName).toString())
                .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
        ProcessorApp app = new ProcessorApp(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        return app;
    }

    private void send(StreamAppend append, String correlationId) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topics.requests(), append.stream(), WireSerdes.STREAM_APPEND.toBytes(append));
        record.headers().add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();
    }

    private static NewEvent deposit(int amount) {
        try {
            return NewEvent.of("Deposited", (ObjectNode) WireFormat.mapper().readTree("{\"amount\":" + amount + "}"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName(
            "a new instance with empty local state restores the heads, the keys and the event ids: a retry is a replay, a copy of given ids is a replay, a stale append a conflict")
    void duplicatesAreFoundAfterARestoreFromTheChangelogs() {
        NewEvent withId = deposit(7).withId(UUID.randomUUID());
        send(StreamAppend.of("account-1", ExpectedVersion.NO_STREAM, "open", List.of(deposit(100))), "c-1");
        send(StreamAppend.of("account-1", ExpectedVersion.of(0), "dep", List.of(withId)), "c-2");
        try (TopicReader<StreamResult> replies = new TopicReader<>(
                        kafka.bootstrapServers(), replyTopic, WireSerdes.STREAM_RESULT.deserializer());
                TopicReader<StreamEvent> events = new TopicReader<>(
                        kafka.bootstrapServers(), eventsTopic, WireSerdes.STREAM_EVENT.deserializer())) {
            replies.awaitAtLeast(2);
            processor.close();
            processor = startProcessor("second");

            send(StreamAppend.of("account-1", ExpectedVersion.NO_STREAM, "open", List.of(deposit(100))), "c-3");
            send(StreamAppend.of("account-1", ExpectedVersion.ANY, "copy", List.of(withId)), "c-4");
            send(StreamAppend.of("account-1", ExpectedVersion.of(0), "stale", List.of(deposit(1))), "c-5");
            send(StreamAppend.of("account-1", ExpectedVersion.of(1), "next", List.of(deposit(2))), "c-6");

            List<StreamResult> answers =
                    replies.awaitAtLeast(6).stream().map(ConsumerRecord::value).toList();
            assertThat(answers.get(2).replayed())
                    .as("the key's outcome restored")
                    .isTrue();
            assertThat(answers.get(3).replayed()).as("the event id restored").isTrue();
            assertThat(answers.get(3).events()).isEqualTo(answers.get(1).events());
            assertThat(answers.get(4).code()).as("the head restored").isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
            assertThat(answers.get(4).actualVersion()).contains(1L);
            assertThat(answers.get(5).firstPosition()).contains(2L);
            assertThat(events.awaitAtLeast(3))
                    .extracting(r -> r.value().position())
                    .containsExactly(0L, 1L, 2L);
        }
    }
}
