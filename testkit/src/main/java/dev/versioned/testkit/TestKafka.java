package dev.versioned.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real Kafka broker of every integration test.
 *
 * <ul>
 *   <li>External: when the system property {@code kafka.bootstrap.servers} is set, tests use that
 *       cluster and this class starts nothing.</li>
 *   <li>Container: where a container engine answers (a Docker socket or {@code DOCKER_HOST}), a
 *       single broker from the {@code apache/kafka} image through Testcontainers.</li>
 *   <li>Embedded, otherwise: a KRaft cluster in this JVM (Kafka's own test kit): one combined
 *       broker+controller, or {@code n} brokers with one controller. Multi-broker clusters are always
 *       embedded, so broker-loss tests can stop one broker.</li>
 * </ul>
 * {@code -Dkafka.test.mode=embedded|container|external} forces a mode.
 * Tests share {@link #shared()} within a JVM and isolate themselves with {@link #unique} topic names.
 * The embedded cluster keeps its data in a temporary directory that closing deletes.
 */
public final class TestKafka implements AutoCloseable {

    public static final String EXTERNAL_PROPERTY = "kafka.bootstrap.servers";

    private static TestKafka shared;

    public static final String MODE_PROPERTY = "kafka.test.mode";
    /** The broker image of container mode. */
    public static final String IMAGE = "apache/kafka:4.1.0";

    /** Where the broker of a test run comes from. */
    public enum Mode { EMBEDDED, CONTAINER, EXTERNAL }

    private final Optional<KafkaClusterTestKit> cluster;
    private final Optional<AutoCloseable> container;
    private final String bootstrapServers;
    private final int brokers;
    private final Mode mode;
    private boolean closed;

    private TestKafka(Mode mode, Optional<KafkaClusterTestKit> cluster, Optional<AutoCloseable> container,
                      String bootstrapServers, int brokers) {
        this.mode = mode;
        this.cluster = cluster;
        this.container = container;
        this.bootstrapServers = bootstrapServers;
        this.brokers = brokers;
    }

    /** The mode this JVM's tests run in, by the rules above. */
    public static Mode mode() {
        String forced = System.getProperty(MODE_PROPERTY, "").trim();
        if (!forced.isEmpty()) {
            return Mode.valueOf(forced.toUpperCase(java.util.Locale.ROOT));
        }
        if (!System.getProperty(EXTERNAL_PROPERTY, "").isBlank()) {
            return Mode.EXTERNAL;
        }
        // Ask Testcontainers only where an engine may exist: without one it logs errors while probing.
        boolean engineLikely = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        if (engineLikely && org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            return Mode.CONTAINER;
        }
        return Mode.EMBEDDED;
    }

    public Mode runningMode() {
        return mode;
    }

    /** One cluster for the whole test JVM, closed when the JVM exits. */
    public static synchronized TestKafka shared() {
        if (shared == null) {
            TestKafka kafka = start(1);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
            shared = kafka;
        }
        return shared;
    }

    /** A cluster of its own (external mode: the external cluster). The caller closes it. */
    public static TestKafka start(int brokers) {
        Mode mode = mode();
        if (mode == Mode.EXTERNAL) {
            return new TestKafka(mode, Optional.empty(), Optional.empty(),
                    System.getProperty(EXTERNAL_PROPERTY).trim(), brokers);
        }
        if (mode == Mode.CONTAINER && brokers == 1) {
            return startContainer();
        }
        return startEmbedded(brokers);
    }

    private static TestKafka startContainer() {
        org.testcontainers.kafka.KafkaContainer kafka = new org.testcontainers.kafka.KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        kafka.start();
        return new TestKafka(Mode.CONTAINER, Optional.empty(), Optional.of(kafka::stop), kafka.getBootstrapServers(), 1);
    }

    private static TestKafka startEmbedded(int brokers) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(brokers == 1)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1) // three controllers hang on close
                    .build();
            short replication = (short) Math.min(3, brokers);
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new TestKafka(Mode.EMBEDDED, Optional.of(kit), Optional.empty(), kit.bootstrapServers(), brokers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka cluster", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no other test uses: topics cannot be deleted and re-created at once. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    /** Creates topics (already existing ones are left as they are) with replication min(3, brokers). */
    public void createTopics(int partitions, Map<String, String> configs, String... names) {
        short replication = (short) Math.min(3, brokers);
        List<NewTopic> topics = java.util.Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, replication).configs(configs))
                .toList();
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** The embedded cluster's test kit, for tests that stop brokers; empty in external mode. */
    public Optional<KafkaClusterTestKit> embedded() {
        return cluster;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return; // the test kit throws when closed twice
        }
        closed = true;
        if (container.isPresent()) {
            try {
                container.get().close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the Kafka container", e);
            }
        }
        if (cluster.isPresent()) {
            try {
                cluster.get().close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the embedded Kafka cluster", e);
            }
        }
    }
}
