package dev.versioned.gateway.support;

import static org.awaitility.Awaitility.await;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import dev.versioned.testkit.TestKafka;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's slice of the shared broker: unique topic names (created at once), and the real
 * processor running in this JVM with its own application id and state directory. Register it before the
 * {@code DropwizardAppExtension} ({@code @Order}) so the gateway starts against existing topics.
 */
public final class KafkaStack implements BeforeAllCallback, AfterAllCallback {

    public static final int PARTITIONS = 3;

    private final TestKafka kafka = TestKafka.shared();
    private final TopicNames topics;
    private final boolean startProcessor;
    private final String applicationId = TestKafka.unique("gateway-test-processor");
    private Path stateDir;
    private ProcessorApp processor;

    public KafkaStack(boolean startProcessor) {
        this.startProcessor = startProcessor;
        String id = TestKafka.unique("gw");
        this.topics = new TopicNames(id + ".requests", id + ".results", id + ".state", id + ".dead-letters",
                id + ".replies.");
        kafka.createTopics(PARTITIONS, topics.requests(), topics.results(), topics.deadLetters());
        kafka.createTopics(PARTITIONS, Map.of("cleanup.policy", "compact"), topics.state());
    }

    public static KafkaStack withProcessor() {
        return new KafkaStack(true);
    }

    public static KafkaStack withoutProcessor() {
        return new KafkaStack(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        stateDir = Files.createTempDirectory("gateway-test-streams");
        if (startProcessor) {
            startProcessor();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopProcessor();
        deleteRecursively(stateDir);
    }

    /** Starts the processor (again: same application id and state directory) and waits until RUNNING. */
    public synchronized void startProcessor() {
        ProcessorSettings settings = ProcessorSettings.defaults(kafka.bootstrapServers())
                .withTopics(topics)
                .withKafka("application.id", applicationId)
                .withKafka("state.dir", stateDir.toString())
                .withKafka("commit.interval.ms", "20");
        processor = new ProcessorApp(settings);
        processor.start();
        await("processor running").atMost(Duration.ofSeconds(60))
                .until(() -> processor.state() == KafkaStreams.State.RUNNING);
    }

    public synchronized void stopProcessor() {
        if (processor != null) {
            processor.close();
            processor = null;
        }
    }

    public TopicNames topics() {
        return topics;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public TestKafka kafka() {
        return kafka;
    }

    /** Overrides pointing a gateway at this stack, on port 0, with the given instance id. */
    public ConfigOverride[] gateway(String instanceId, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("kafka.bootstrapServers", kafka::bootstrapServers),
                ConfigOverride.config("kafka.topics.requests", topics.requests()),
                ConfigOverride.config("kafka.topics.state", topics.state()),
                ConfigOverride.config("kafka.topics.replyPrefix", topics.replyPrefix()),
                ConfigOverride.config("instanceId", instanceId),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0")));
        overrides.addAll(Arrays.asList(extra));
        return overrides.toArray(ConfigOverride[]::new);
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
