package dev.versioned.faults;

import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.processor.ProcessorApp;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.BrokerMain;
import dev.versioned.stack.ChildJvm;
import dev.versioned.stack.FreePorts;
import dev.versioned.stack.StackTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The product as separate processes: a broker JVM (data on disk, so it can be restarted), two processor
 * JVMs and one gateway JVM, all of them children of the test JVM and ended by their own handles.
 */
final class ProcessStack implements AutoCloseable {

    static final String APPLICATION_ID = "inventory-processor";
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Small heaps and a quiet log configuration: five JVMs share the 2 cores with the test. */
    static final List<String> CHILD_JVM_OPTIONS = List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + ProcessStack.class.getResource("/child-logback.xml"));

    final int kafkaPort;
    final int httpPort;
    final int adminPort;
    /** Each processor's admin endpoint (health, metrics), on a port of its own: both run on this machine. */
    private final List<Integer> processorAdminPorts = new ArrayList<>();

    final ChildJvm broker;
    final List<ChildJvm> processors = new ArrayList<>();
    final ChildJvm gateway;
    private final Path dir;

    ProcessStack(Path dir, Duration gatewayTimeout) throws IOException {
        this.dir = dir;
        this.kafkaPort = FreePorts.consecutivePair();
        this.httpPort = FreePorts.port();
        this.adminPort = FreePorts.port();
        Path logs = dir.resolve("logs");
        broker = new ChildJvm(
                "broker",
                CHILD_JVM_OPTIONS,
                BrokerMain.class.getName(),
                List.of(dir.resolve("broker").toString(), String.valueOf(kafkaPort)),
                Map.of(),
                logs);
        for (int i = 1; i <= 2; i++) {
            int processorAdminPort = FreePorts.port();
            processorAdminPorts.add(processorAdminPort);
            processors.add(new ChildJvm(
                    "processor-" + i,
                    CHILD_JVM_OPTIONS,
                    ProcessorApp.class.getName(),
                    List.of(),
                    Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            bootstrap(),
                            "KAFKA_APPLICATION_ID",
                            APPLICATION_ID,
                            "KAFKA_STATE_DIR",
                            dir.resolve("processor-" + i).toString(),
                            "KAFKA_COMMIT_INTERVAL_MS",
                            "50",
                            "KAFKA_NUM_STANDBY_REPLICAS",
                            "1",
                            "INVENTORY_ADMIN_PORT",
                            String.valueOf(processorAdminPort)),
                    logs));
        }
        gateway = new ChildJvm(
                "gateway",
                CHILD_JVM_OPTIONS,
                GatewayApplication.class.getName(),
                List.of("server", ROOT.resolve("gateway/config/gateway.yml").toString()),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        bootstrap(),
                        "GATEWAY_INSTANCE_ID",
                        "chaos-gateway",
                        "GATEWAY_PORT",
                        String.valueOf(httpPort),
                        "GATEWAY_ADMIN_PORT",
                        String.valueOf(adminPort),
                        "GATEWAY_REPLY_TOPIC_REPLICATION",
                        "1",
                        "GATEWAY_REQUEST_TIMEOUT",
                        gatewayTimeout.toMillis() + "ms"),
                logs);
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The admin port (health, metrics) of processor {@code index}, 0 or 1. */
    int processorAdminPort(int index) {
        return processorAdminPorts.get(index);
    }

    Path logDir() {
        return dir.resolve("logs");
    }

    void start() throws Exception {
        startBroker();
        try (Admin admin = admin()) {
            StackTopics.ensure(admin, TopicNames.DEFAULTS, (short) 1);
        }
        for (ChildJvm processor : processors) {
            processor.start();
        }
        awaitProcessorsRunning();
        gateway.start();
        HttpClient http = HttpClient.newHttpClient();
        await("gateway healthy")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + adminPort + "/healthcheck"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    void startBroker() throws Exception {
        broker.start();
        await("broker ready")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> broker.logContains("BROKER READY"));
    }

    /** Restarts the broker: SIGTERM, wait for exit, start on the same data directory. */
    void restartBroker() throws Exception {
        long before = broker.count("BROKER READY");
        broker.stop();
        broker.start();
        await("broker ready again")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> broker.count("BROKER READY") > before && brokerAnswers());
    }

    /** kill -9 one processor; the other takes over its partitions. */
    void killProcessor(int index) throws InterruptedException {
        processors.get(index).kill();
    }

    /** Starts a killed processor again on its old state directory, and waits until it runs. */
    void restartProcessor(int index) throws Exception {
        ChildJvm processor = processors.get(index);
        long before = processor.count(RUNNING);
        processor.start();
        await(processor.name() + " running again")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !processor.isAlive() || processor.count(RUNNING) > before);
        if (!processor.isAlive()) {
            throw new AssertionError(processor.name() + " exited:\n" + processor.tail(40));
        }
    }

    private static final String RUNNING = "REBALANCING -> RUNNING";

    private boolean brokerAnswers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    void awaitProcessorsRunning() {
        for (ChildJvm processor : processors) {
            await(processor.name() + " running")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !processor.isAlive() || processor.logContains(RUNNING));
            if (!processor.isAlive()) {
                throw new AssertionError(processor.name() + " exited:\n" + processor.tail(40));
            }
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    /** Waits until the processors have consumed every request written so far. */
    void awaitProcessorsCaughtUp(Duration atMost) {
        ProcessorLag.awaitCaughtUp(this::admin, APPLICATION_ID, StackTopics.PARTITIONS, atMost);
    }

    String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (ChildJvm child : List.of(broker, processors.get(0), processors.get(1), gateway)) {
            out.append("\n--- ")
                    .append(child.name())
                    .append(" (alive=")
                    .append(child.isAlive())
                    .append(")\n")
                    .append(child.tail(25));
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        gateway.stop();
        for (ChildJvm processor : processors) {
            processor.stop();
        }
        broker.stop();
    }
}
