package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import dev.versioned.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing one of three brokers (replication 3, min.insync.replicas 2) under load: processing continues,
 * and nothing that was acknowledged is lost (the checker verifies the topics after the loss).
 */
class BrokerLossTest {

    private static final String APPLICATION_ID = "inventory-processor-broker-loss";

    @TempDir
    Path stateDir;

    @Test
    @DisplayName("stopping one of three brokers under load loses nothing acknowledged, and processing continues")
    void survivesLosingABroker() throws Exception {
        System.setProperty(TestKafka.MODE_PROPERTY, "embedded"); // the test stops a broker of its own cluster
        try (TestKafka kafka = TestKafka.start(3)) {
            System.clearProperty(TestKafka.MODE_PROPERTY);
            createTopics(kafka);
            ProcessorApp processor = new ProcessorApp(ProcessorSettings.defaults(kafka.bootstrapServers())
                    .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID)
                    .withKafka(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                    .withKafka(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3")
                    .withKafka(StreamsConfig.topicPrefix("min.insync.replicas"), "2")
                    .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50"));
            Ledger ledger = new Ledger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newCachedThreadPool();
            List<KafkaWriter> writers = new ArrayList<>();
            try {
                processor.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
                for (int i = 0; i < 3; i++) {
                    KafkaWriter writer = new KafkaWriter(
                            "direct-" + i, kafka.bootstrapServers(), "loss-" + i, ledger, running, 3000 + i);
                    writers.add(writer);
                    pool.submit(writer);
                }
                awaitProgress(ledger, 60, "load before the broker loss");

                KafkaClusterTestKit kit = kafka.embedded().orElseThrow();
                int victim = kit.brokers().keySet().iterator().next();
                kit.brokers().get(victim).shutdown();
                long decidedAtLoss = ledger.decided();

                awaitProgress(ledger, 60, "load after the broker loss");
                assertThat(ledger.decided()).isGreaterThan(decidedAtLoss);
            } finally {
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(3, TimeUnit.MINUTES))
                        .as("writers finished")
                        .isTrue();
                writers.forEach(KafkaWriter::close);
            }
            try {
                ProcessorLag.awaitCaughtUp(kafka::admin, APPLICATION_ID, StackTopics.PARTITIONS, Duration.ofMinutes(2));
                Checker.Report report = Checker.check(kafka.bootstrapServers(), ledger);
                System.out.println("BROKER-LOSS writers: " + ledger);
                System.out.println("BROKER-LOSS checker: " + report);
                assertThat(report.violations()).as(report.toString()).isEmpty();
                assertThat(ledger.unresolved).isEmpty();
                assertThat(ledger.unexpected).isEmpty();
                assertThat(report.applied())
                        .as("every applied key in the audit log ended exactly one operation as applied")
                        .isEqualTo(ledger.operationsApplied.get());
            } finally {
                processor.close();
            }
        }
    }

    private static void createTopics(TestKafka kafka) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (NewTopic topic : StackTopics.of(TopicNames.DEFAULTS, (short) 3)) {
            Map<String, String> configs = new java.util.HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
            configs.put("min.insync.replicas", "2");
            topics.add(new NewTopic(topic.name(), topic.numPartitions(), (short) 3).configs(configs));
        }
        for (int i = 0; i < 3; i++) {
            topics.add(new NewTopic("inventory.replies.loss-" + i, 1, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")));
        }
        try (Admin admin = kafka.admin()) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void awaitProgress(Ledger ledger, long more, String phase) {
        long target = ledger.decided() + more;
        await(phase)
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.decided() >= target);
    }
}
