package dev.versioned.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection behind the real processor, both as deployed (Kafka Streams, exactly-once) on a real broker: appends
 * written to the requests topic, decided by the processor, folded by the projection from the events topic.
 */
class ProjectionOnProcessorTest {

    private static final String ACCOUNT = "account-7";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestKafka kafka = TestKafka.shared();

    @TempDir
    Path stateDirs;

    private TopicNames topics;
    private ProjectionSettings projectionSettings;
    private ProcessorApp processor;
    private KafkaStreams projection;
    private KafkaProducer<String, byte[]> requests;

    @BeforeEach
    void startProcessorAndProjection() throws InterruptedException {
        String tag = TestKafka.unique("e2e");
        topics = new TopicNames(
                "requests-" + tag, "results-" + tag, "state-" + tag, "dead-letters-" + tag, "replies-" + tag + ".");
        String events = "events-" + tag;
        kafka.createTopics(3, topics.requests(), topics.results(), events);
        kafka.createTopics(3, Map.of("cleanup.policy", "compact"), topics.state());
        kafka.createTopics(1, topics.deadLetters());

        processor = new ProcessorApp(ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withStreams(StreamSettings.DEFAULTS.withEventsTopic(events))
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, "processor-" + tag)
                .withKafka(
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDirs.resolve("processor").toString()));
        processor.start();

        projectionSettings = ProjectionSettings.from(
                List.of(
                        "--bootstrap-servers=" + kafka.bootstrapServers(),
                        "--events-topic=" + events,
                        "--balances-topic=balances-" + tag,
                        "--application-id=projection-" + tag,
                        "--state-dir=" + stateDirs.resolve("projection")),
                Map.of());
        try (Admin admin = kafka.admin()) {
            BalancesTopic.ensure(admin, projectionSettings);
        }
        projection = new KafkaStreams(
                BalanceTopology.build(projectionSettings), BalanceTopology.properties(projectionSettings));
        projection.start();

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        requests = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        if (requests != null) {
            requests.close();
        }
        if (projection != null) {
            projection.close(Duration.ofSeconds(30));
        }
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    @DisplayName("only what the processor appends is folded: a stale append and a resent one change nothing")
    void foldsWhatTheProcessorAppended() {
        // given an account opened with a deposit, then a withdrawal at the version read
        append(ExpectedVersion.NO_STREAM, "open", event("Opened", null), event("Deposited", "100"));
        append(ExpectedVersion.of(1), "withdraw-30", event("Withdrawn", "30"));

        // when a writer appends at a stale version, another resends the withdrawal, and a deposit follows
        append(ExpectedVersion.of(0), "stale", event("Deposited", "1000"));
        append(ExpectedVersion.of(1), "withdraw-30", event("Withdrawn", "30"));
        append(ExpectedVersion.of(2), "deposit-5", event("Deposited", "5"));

        // then the balance holds the four events appended, each once
        List<AccountBalance> balances = awaitBalances(4);
        assertThat(balances).extracting(AccountBalance::version).containsExactly(0L, 1L, 2L, 3L);
        assertThat(balances.get(3).balance()).isEqualByComparingTo("75");
    }

    private static NewEvent event(String type, String amount) {
        return NewEvent.of(
                type,
                amount == null
                        ? JsonNodeFactory.instance.objectNode()
                        : JsonNodeFactory.instance.objectNode().put("amount", new BigDecimal(amount)));
    }

    private void append(ExpectedVersion expected, String idempotencyKey, NewEvent... events) {
        StreamAppend append = StreamAppend.of(ACCOUNT, expected, idempotencyKey, List.of(events));
        requests.send(new ProducerRecord<>(topics.requests(), ACCOUNT, WireSerdes.STREAM_APPEND.toBytes(append)));
        requests.flush();
    }

    /** The account's committed balances, once there are {@code count} of them. */
    private List<AccountBalance> awaitBalances(int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.unique("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<AccountBalance> balances = new ArrayList<>();
        try (KafkaConsumer<String, AccountBalance> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), AccountBalance.SERDE.deserializer())) {
            consumer.subscribe(List.of(projectionSettings.balancesTopic()));
            await("the balances of " + count + " events")
                    .atMost(DEADLINE)
                    .pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> balances.add(record.value()));
                        return balances.size() >= count;
                    });
        }
        return balances;
    }
}
