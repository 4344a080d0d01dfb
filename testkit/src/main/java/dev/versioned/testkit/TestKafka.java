package dev.versioned.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;

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
 * {@link #startSecured} always starts an embedded broker of its own that authenticates with SASL/PLAIN and
 * authorizes with ACLs, whatever the mode: for tests of the ACLs themselves.
 * Tests share {@link #shared()} within a JVM and isolate themselves with {@link #unique} topic names.
 * The embedded cluster keeps its data in a temporary directory that closing deletes, and nothing else:
 * Kafka's own temporary directories come with a JVM shutdown hook that deletes them, and JVM hooks run
 * concurrently, so at exit that hook deleted the shared cluster's data while it was still being closed;
 * the broker then found all its log directories gone and halted the JVM with status 1 after every test
 * had passed, which surefire reports as a fork error.
 *
 * <p>An embedded broker or controller ends the JVM on fatal faults ({@link Exit#halt}, {@link Exit#exit}).
 * In a test JVM that would hide the cause and fail the fork rather than a test, so while embedded
 * clusters run those calls are refused: the calling Kafka thread gets an error, the request is printed
 * on stderr, and {@link #shared()} and {@link #close()} fail with it.
 */
public final class TestKafka implements AutoCloseable {

    public static final String EXTERNAL_PROPERTY = "kafka.bootstrap.servers";

    private static TestKafka shared;

    /** Exit and halt requests of embedded Kafka nodes that no test has failed with yet. */
    private static final List<KafkaExitRequest> unreportedExitRequests = new ArrayList<>();
    /** Its own lock: a Kafka thread that records a request must never wait for {@link #shared()}. */
    private static final Object exitRequestsLock = new Object();

    private static boolean exitIntercepted;

    public static final String MODE_PROPERTY = "kafka.test.mode";
    /** The broker image of container mode. */
    public static final String IMAGE = "apache/kafka:4.1.0";

    /** Where the broker of a test run comes from. */
    public enum Mode {
        EMBEDDED,
        CONTAINER,
        EXTERNAL
    }

    private final Optional<KafkaClusterTestKit> cluster;
    private final Optional<AutoCloseable> container;
    private final String bootstrapServers;
    private final int brokers;
    private final Mode mode;
    private final Optional<Path> dataDir;
    /** What every client of this cluster needs besides the bootstrap servers: the super user's SASL login, if any. */
    private final Map<String, String> clientProperties;

    private boolean closed;

    private TestKafka(
            Mode mode,
            Optional<KafkaClusterTestKit> cluster,
            Optional<AutoCloseable> container,
            String bootstrapServers,
            int brokers,
            Optional<Path> dataDir,
            Map<String, String> clientProperties) {
        this.mode = mode;
        this.cluster = cluster;
        this.container = container;
        this.bootstrapServers = bootstrapServers;
        this.brokers = brokers;
        this.dataDir = dataDir;
        this.clientProperties = Map.copyOf(clientProperties);
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

    /**
     * One cluster for the whole test JVM, closed when the JVM exits. Fails if an embedded Kafka node asked
     * to end the JVM since the last check: the test class that calls this is the first to know.
     */
    public static synchronized TestKafka shared() {
        failOnExitRequests();
        if (shared == null) {
            TestKafka kafka = start(1);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::closeAtExit, "test-kafka-shutdown"));
            shared = kafka;
        }
        return shared;
    }

    /**
     * The shared cluster's shutdown hook. No test is left to fail, so what goes wrong is printed on stderr
     * (surefire shows the fork's stderr). An exit request made while tests still ran turns the JVM's
     * status to 1, as Kafka's own halt would have: no test saw it, and it is a real failure. One made while
     * this hook closes the cluster is only printed: every test's result is already decided.
     */
    private void closeAtExit() {
        List<KafkaExitRequest> duringTests = takeExitRequests();
        try {
            close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("TestKafka: closing the shared Kafka cluster at JVM exit failed");
            e.printStackTrace();
        }
        if (!duringTests.isEmpty()) {
            System.err.println("TestKafka: an embedded Kafka node asked to end this JVM after the last check"
                    + " of the tests; failing the test JVM with status 1");
            duringTests.forEach(Throwable::printStackTrace);
            Runtime.getRuntime().halt(1);
        }
    }

    /** Refuses Kafka's exit and halt calls from now on in this JVM, recording them instead. */
    private static synchronized void interceptKafkaExit() {
        if (exitIntercepted) {
            return;
        }
        // Never reset: a broker still closing (the shared one closes while the JVM exits) may call them late.
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        exitIntercepted = true;
    }

    private static void refuse(String call, int status, String message) {
        KafkaExitRequest request = new KafkaExitRequest("Kafka called Exit." + call + "(" + status + ") in thread "
                + Thread.currentThread().getName() + ": " + message);
        synchronized (exitRequestsLock) {
            unreportedExitRequests.add(request);
        }
        System.err.println("TestKafka: refused to end the test JVM, the test will fail with this");
        request.printStackTrace();
        // Thrown so that the Kafka thread stops where the JVM would have ended, instead of carrying on.
        throw request;
    }

    private static List<KafkaExitRequest> takeExitRequests() {
        synchronized (exitRequestsLock) {
            List<KafkaExitRequest> taken = List.copyOf(unreportedExitRequests);
            unreportedExitRequests.clear();
            return taken;
        }
    }

    private static void failOnExitRequests() {
        List<KafkaExitRequest> requests = takeExitRequests();
        if (!requests.isEmpty()) {
            AssertionError failure = new AssertionError(
                    "an embedded Kafka node asked to end the test JVM (" + requests.size() + " time(s)); the first: "
                            + requests.get(0).getMessage(),
                    requests.get(0));
            requests.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * Thrown in the Kafka thread that asked to end the JVM. An Error, so that Kafka's handlers of ordinary
     * exceptions do not swallow it and carry on as if the JVM had not been meant to end.
     */
    private static final class KafkaExitRequest extends Error {
        private static final long serialVersionUID = 1L;

        KafkaExitRequest(String message) {
            super(message);
        }
    }

    /** A cluster of its own (external mode: the external cluster). The caller closes it. */
    public static TestKafka start(int brokers) {
        Mode mode = mode();
        if (mode == Mode.EXTERNAL) {
            return new TestKafka(
                    mode,
                    Optional.empty(),
                    Optional.empty(),
                    System.getProperty(EXTERNAL_PROPERTY).trim(),
                    brokers,
                    Optional.empty(),
                    Map.of());
        }
        if (mode == Mode.CONTAINER && brokers == 1) {
            return startContainer();
        }
        return startEmbedded(brokers, Map.of(), Map.of());
    }

    /**
     * A single embedded broker of its own (whatever {@link #mode()} says) whose listeners take SASL/PLAIN
     * logins of these users, with the standard authorizer and no access without an ACL. {@link #admin()} and
     * {@link #createTopics} act as the super user; other clients add {@link SaslPlainUsers#clientProperties}.
     * The caller closes it.
     */
    public static TestKafka startSecured(SaslPlainUsers users) {
        return startEmbedded(1, users.brokerProperties(), users.clientProperties(users.superUser()));
    }

    private static TestKafka startContainer() {
        org.testcontainers.kafka.KafkaContainer kafka = new org.testcontainers.kafka.KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        kafka.start();
        return new TestKafka(
                Mode.CONTAINER,
                Optional.empty(),
                Optional.of(kafka::stop),
                kafka.getBootstrapServers(),
                1,
                Optional.empty(),
                Map.of());
    }

    private static TestKafka startEmbedded(
            int brokers, Map<String, String> brokerProperties, Map<String, String> clientProperties) {
        interceptKafkaExit();
        Path dataDir;
        try {
            // Not Kafka's TestUtils.tempDirectory: see the class comment. The test kit deletes it on close.
            dataDir = Files.createTempDirectory("test-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the embedded Kafka cluster's data directory", e);
        }
        KafkaClusterTestKit kit = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(dataDir)
                    .setCombined(brokers == 1)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1) // three controllers hang on close
                    .build();
            short replication = (short) Math.min(3, brokers);
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            // The test kit takes listener settings given here over its own (the listeners stay its own).
            brokerProperties.forEach(builder::setConfigProp);
            kit = builder.setConfigProp("group.initial.rebalance.delay.ms", "0")
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
            return new TestKafka(
                    Mode.EMBEDDED,
                    Optional.of(kit),
                    Optional.empty(),
                    kit.bootstrapServers(),
                    brokers,
                    Optional.of(dataDir),
                    clientProperties);
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("cannot start the embedded Kafka cluster", e);
            // Nodes that did start must not outlive the failure; closing cleanly also deletes the data.
            try {
                if (kit != null) {
                    kit.close();
                } else {
                    Utils.delete(dataDir.toFile());
                }
            } catch (Exception cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no other test uses: topics cannot be deleted and re-created at once. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An admin client; on a {@link #startSecured secured} broker, logged in as the super user. */
    public Admin admin() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    /**
     * The properties besides {@code bootstrap.servers} that a client of this cluster needs to act as the super
     * user: empty unless the broker is {@link #startSecured secured}.
     */
    public Map<String, String> clientProperties() {
        return clientProperties;
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
                // The test kit deletes the data only when it closed cleanly: what is left is kept to look at.
                throw new IllegalStateException(
                        "cannot close the embedded Kafka cluster; its data is kept in "
                                + dataDir.map(Path::toString).orElse("?"),
                        e);
            }
        }
        failOnExitRequests();
    }
}
