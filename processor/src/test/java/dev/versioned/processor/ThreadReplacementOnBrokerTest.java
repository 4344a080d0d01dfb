package dev.versioned.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.it.TestTopics;
import dev.versioned.processor.topology.ThreadReplacementPolicy;
import dev.versioned.schemas.TopicNames;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A record that kills its stream thread every time, on the real broker. The processor's own topology turns
 * a failure caused by a record into a bounded retry and never lets it reach the uncaught exception handler,
 * so the failure is injected here: the processor runs a test topology whose one processor throws for the
 * key {@code poison}, with everything else (handlers, policy, listeners) as deployed.
 */
class ThreadReplacementOnBrokerTest {

    private static final String FAILING_PROCESSOR = "failing-processor";

    private final TestKafka kafka = TestKafka.shared();
    private final Logger policyLog = (Logger) LoggerFactory.getLogger(ThreadReplacementPolicy.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private TopicNames topics;
    private ProcessorApp processor;

    @TempDir
    Path stateDir;

    /** Throws for the key {@code poison}, the way a processor whose store broke would, and ignores the rest. */
    private static final class FailingOnPoison implements Processor<String, byte[], Void, Void> {
        @Override
        public void process(Record<String, byte[]> record) {
            if ("poison".equals(record.key())) {
                throw new IllegalStateException("cannot process the poison record");
            }
        }
    }

    private static Topology failingOnPoison(String requests) {
        Topology topology = new Topology();
        topology.addSource(
                "requests", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), requests);
        topology.addProcessor(FAILING_PROCESSOR, FailingOnPoison::new, "requests");
        return topology;
    }

    @BeforeEach
    void startProcessorOnFailingTopology() {
        logged.start();
        policyLog.addAppender(logged);
        topics = TestTopics.create(kafka, "dies", 1);
        ProcessorSettings settings = TestTopics.settings(kafka, topics, stateDir)
                // The failed thread's member stays in the group until its session ends: a short one bounds each wait.
                .withKafka(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000")
                .withKafka(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");
        processor = new ProcessorApp(settings, (boundary, registry) -> failingOnPoison(topics.requests()));
        processor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
    }

    @AfterEach
    void stop() {
        processor.close();
        policyLog.detachAppender(logged);
    }

    private void sendPoison() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.requests(), 0, "poison", "{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    @DisplayName(
            "a record that kills its stream thread every time: three replacements, then the client shuts down and the record is named")
    void recordThatAlwaysKillsTheThreadShutsTheClientDown() throws InterruptedException {
        // given a processor whose stream thread dies on one record, every time
        // when that record arrives
        sendPoison();

        // then the thread is replaced three times, and the fourth failure shuts the client down
        // (the stream threads' failures are expected: only the outcome is awaited)
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(180))
                .until(() -> processor.state() == KafkaStreams.State.ERROR);
        assertThat(processor.awaitStop()).as("stopped after a failure").isTrue();
        assertThat(processor
                        .meterRegistry()
                        .get(ThreadReplacementPolicy.REPLACEMENTS)
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(processor.health().liveness().up()).isFalse();
        // and the shutdown names the record: topic, partition, offset and key
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.ERROR)
                .last()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("shutting the client down")
                        .contains(topics.requests() + "-0@0 key 'poison' (task 0_0, processor " + FAILING_PROCESSOR
                                + ")"));
    }
}
