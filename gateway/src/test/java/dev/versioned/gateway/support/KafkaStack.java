package dev.versioned.gateway.support;

import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.TopicNames;
import dev.versioned.testkit.TestKafka;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's slice of the shared broker: unique topic names, created when this object is built (a
 * static field), so gateways can start whenever their extension runs; and the real processor running in
 * this JVM with its own application id and state directory, started before the class's tests. The processor
 * decides documents of the example collections ({@code customers}, {@code wallets}) on topics of the stack's own,
 * and every gateway reads that state topic; and appends to streams, on an events topic of the stack's own, which
 * every gateway's stream view reads.
 */
public final class KafkaStack implements BeforeAllCallback, AfterAllCallback {

    public static final int PARTITIONS = 3;

    private final TestKafka kafka = TestKafka.shared();
    private final TopicNames topics;
    private final DocumentSettings documents;
    private final String eventsTopic;
    private final boolean startProcessor;
    private final String applicationId = TestKafka.unique("gateway-test-processor");
    private Path stateDir;
    private ProcessorApp processor;

    public KafkaStack(boolean startProcessor) {
        this.startProcessor = startProcessor;
        String id = TestKafka.unique("gw");
        this.topics = new TopicNames(
                id + ".requests", id + ".results", id + ".state", id + ".dead-letters", id + ".replies.");
        kafka.createTopics(PARTITIONS, topics.requests(), topics.results(), topics.deadLetters());
        kafka.createTopics(PARTITIONS, Map.of("cleanup.policy", "compact"), topics.state());
        // The example collections (customers, wallets), on topics of this stack's own.
        this.documents = new DocumentSettings(
                        id + ".documents.results",
                        id + ".documents.state",
                        DocumentSettings.DEFAULT_MAX_DOCUMENT_BYTES,
                        Map.of())
                .withExampleCollections();
        kafka.createTopics(PARTITIONS, documents.resultsTopic());
        kafka.createTopics(PARTITIONS, Map.of("cleanup.policy", "compact"), documents.stateTopic());
        this.eventsTopic = id + ".streams.events";
        kafka.createTopics(PARTITIONS, eventsTopic);
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
                .withKafka("commit.interval.ms", "20")
                .withDocuments(documents)
                .withStreams(StreamSettings.DEFAULTS.withEventsTopic(eventsTopic));
        processor = new ProcessorApp(settings);
        processor.start();
        await("processor running")
                .atMost(Duration.ofSeconds(60))
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

    /** The processor's document collections and topics. */
    public DocumentSettings documents() {
        return documents;
    }

    /** The events topic of the processor's streams, which every gateway's stream view reads. */
    public String eventsTopic() {
        return eventsTopic;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public TestKafka kafka() {
        return kafka;
    }

    /**
     * Overrides pointing a gateway at this stack, on port 0, with the given instance id, then the given
     * {@code key, value} pairs. Every key appears once (Dropwizard keeps overrides in a set, so a repeated key
     * would win at random), and every key a test changes is always set, because overrides are JVM-wide
     * system properties: a second application in the same class must not inherit the first one's values.
     */
    public ConfigOverride[] gateway(String instanceId, String... keyValues) {
        Map<String, Supplier<String>> values = new LinkedHashMap<>();
        values.put("kafka.bootstrapServers", kafka::bootstrapServers);
        values.put("kafka.topics.requests", topics::requests);
        values.put("kafka.topics.state", topics::state);
        values.put("kafka.topics.results", topics::results);
        values.put("kafka.topics.replyPrefix", topics::replyPrefix);
        values.put("documents.stateTopic", documents::stateTopic);
        values.put("streams.eventsTopic", () -> eventsTopic);
        values.put("instanceId", () -> instanceId);
        values.put("server.applicationConnectors[0].port", () -> "0");
        values.put("server.adminConnectors[0].port", () -> "0");
        values.put("requestTimeout", () -> "10s");
        values.put("maxPendingRequests", () -> String.valueOf(GatewayConfiguration.DEFAULT_MAX_PENDING_REQUESTS));
        values.put("maxReadWait", () -> "5s");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String value = keyValues[i + 1];
            values.put(keyValues[i], () -> value);
        }
        return values.entrySet().stream()
                .map(e -> ConfigOverride.config(e.getKey(), e.getValue()))
                .toArray(ConfigOverride[]::new);
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
