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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The product as separate processes: a broker JVM (data on disk, so it can be restarted), processor JVMs
 * and gateway JVMs, all of them children of this JVM and ended by their own handles. The chaos test runs
 * two processors and one gateway on the local stack's 6 partitions; the soak chooses its own {@link Layout}.
 */
final class ProcessStack implements AutoCloseable {

    static final String APPLICATION_ID = "inventory-processor";
    /** The repository: the working directory (the soak) or its parent (a test run in the module). */
    static final Path ROOT = Files.exists(Path.of("gateway/config/gateway.yml"))
            ? Path.of("").toAbsolutePath()
            : Path.of("..").toAbsolutePath().normalize();
    /**
     * The gateways' configuration: the shipped file, or the copy the soak runs with (system property
     * {@code faults.gateway.config}), which matches the classes it copied when a newer file would not.
     */
    static final Path GATEWAY_CONFIG = Optional.ofNullable(System.getProperty("faults.gateway.config"))
            .map(Path::of)
            .orElse(ROOT.resolve("gateway/config/gateway.yml"));
    /** Small heaps and a quiet log configuration: several JVMs share the 2 cores with the test. */
    static final List<String> CHILD_JVM_OPTIONS = List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + ProcessStack.class.getResource("/child-logback.xml"));

    private static final String RUNNING = "REBALANCING -> RUNNING";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /**
     * How many of each process, on how many partitions.
     *
     * @param idempotencyRetention the processors' {@code inventory.idempotency.retention}; empty: the default
     * @param gatewayTimeout how long a gateway waits for a reply before answering 504
     */
    record Layout(
            int processors,
            int gateways,
            int partitions,
            Optional<Duration> idempotencyRetention,
            Duration gatewayTimeout) {

        /** The chaos test's: two processors, one gateway, the local stack's partitions. */
        static Layout chaos(Duration gatewayTimeout) {
            return new Layout(2, 1, StackTopics.PARTITIONS, Optional.empty(), gatewayTimeout);
        }
    }

    final int kafkaPort;
    /** The first gateway's HTTP and admin ports. */
    final int httpPort;

    final int adminPort;
    final Layout layout;
    final ChildJvm broker;
    final List<ChildJvm> processors = new ArrayList<>();
    final List<ChildJvm> gateways = new ArrayList<>();
    /** Each processor's admin endpoint (health, metrics), on a port of its own: all run on this machine. */
    private final List<Integer> processorAdminPorts = new ArrayList<>();

    private final List<Integer> gatewayHttpPorts = new ArrayList<>();
    private final List<Integer> gatewayAdminPorts = new ArrayList<>();
    private final Path dir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ProcessStack(Path dir, Duration gatewayTimeout) throws IOException {
        this(dir, Layout.chaos(gatewayTimeout));
    }

    ProcessStack(Path dir, Layout layout) throws IOException {
        this(dir, layout, Map.of());
    }

    /**
     * @param processorEnvironment variables every processor gets on top of the stack's own, e.g.
     *     {@code KAFKA_SESSION_TIMEOUT_MS} to measure a failover under other Kafka client settings
     */
    ProcessStack(Path dir, Layout layout, Map<String, String> processorEnvironment) throws IOException {
        this.dir = dir;
        this.layout = layout;
        this.kafkaPort = FreePorts.consecutivePair();
        Path logs = dir.resolve("logs");
        broker = new ChildJvm(
                "broker",
                CHILD_JVM_OPTIONS,
                BrokerMain.class.getName(),
                List.of(dir.resolve("broker").toString(), String.valueOf(kafkaPort)),
                Map.of(),
                logs);
        for (int i = 1; i <= layout.processors(); i++) {
            int processorAdminPort = FreePorts.port();
            processorAdminPorts.add(processorAdminPort);
            Map<String, String> environment = new HashMap<>(Map.of(
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
                    String.valueOf(processorAdminPort)));
            // The member's client id names the process, so that the group's assignment says whose partitions are whose.
            environment.put("KAFKA_CLIENT_ID", "processor-" + i);
            environment.putAll(processorEnvironment);
            layout.idempotencyRetention()
                    .ifPresent(retention ->
                            environment.put("INVENTORY_IDEMPOTENCY_RETENTION", retention.toSeconds() + "s"));
            processors.add(new ChildJvm(
                    "processor-" + i, CHILD_JVM_OPTIONS, ProcessorApp.class.getName(), List.of(), environment, logs));
        }
        for (int i = 1; i <= layout.gateways(); i++) {
            int http = FreePorts.port();
            int admin = FreePorts.port();
            gatewayHttpPorts.add(http);
            gatewayAdminPorts.add(admin);
            gateways.add(new ChildJvm(
                    layout.gateways() == 1 ? "gateway" : "gateway-" + i,
                    CHILD_JVM_OPTIONS,
                    GatewayApplication.class.getName(),
                    List.of("server", GATEWAY_CONFIG.toString()),
                    Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            bootstrap(),
                            "GATEWAY_INSTANCE_ID",
                            i == 1 ? "chaos-gateway" : "chaos-gateway-" + i,
                            "GATEWAY_PORT",
                            String.valueOf(http),
                            "GATEWAY_ADMIN_PORT",
                            String.valueOf(admin),
                            "GATEWAY_REPLY_TOPIC_REPLICATION",
                            "1",
                            "GATEWAY_REQUEST_TIMEOUT",
                            layout.gatewayTimeout().toMillis() + "ms"),
                    logs));
        }
        // A stack without gateways (processors and a broker only) has no first gateway: -1.
        this.httpPort = gatewayHttpPorts.isEmpty() ? -1 : gatewayHttpPorts.get(0);
        this.adminPort = gatewayAdminPorts.isEmpty() ? -1 : gatewayAdminPorts.get(0);
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The first gateway's HTTP address. */
    String baseUrl() {
        return baseUrl(0);
    }

    String baseUrl(int gateway) {
        return "http://127.0.0.1:" + gatewayHttpPorts.get(gateway);
    }

    /** The admin port (health, metrics) of processor {@code index}, from 0. */
    int processorAdminPort(int index) {
        return processorAdminPorts.get(index);
    }

    /** The Prometheus text of processor {@code index}. */
    URI processorMetrics(int index) {
        return URI.create("http://127.0.0.1:" + processorAdminPort(index) + "/metrics");
    }

    /** The Prometheus text of gateway {@code index}. */
    URI gatewayMetrics(int index) {
        return URI.create("http://127.0.0.1:" + gatewayAdminPorts.get(index) + "/prometheus");
    }

    Path logDir() {
        return dir.resolve("logs");
    }

    void start() throws Exception {
        startBroker();
        try (Admin admin = admin()) {
            StackTopics.ensure(admin, TopicNames.DEFAULTS, layout.partitions(), (short) 1);
        }
        for (ChildJvm processor : processors) {
            processor.start();
        }
        awaitProcessorsRunning();
        for (int i = 0; i < gateways.size(); i++) {
            startGateway(i);
        }
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

    /** kill -9 one processor; the others take over its partitions. */
    void killProcessor(int index) throws InterruptedException {
        processors.get(index).kill();
    }

    /** SIGTERM: the processor commits and leaves the group, and the others take over its partitions at once. */
    void stopProcessor(int index) throws InterruptedException {
        processors.get(index).stop();
    }

    /** Starts a killed processor again on its old state directory, and waits until it runs. */
    void restartProcessor(int index) throws Exception {
        ChildJvm processor = processors.get(index);
        long before = processor.count(RUNNING);
        processor.start();
        await(processor.name() + " running again")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !processor.isAlive() || processor.count(RUNNING) > before);
        requireAlive(processor);
    }

    /** Starts a stopped or killed processor, without waiting. */
    void startProcessor(int index) throws IOException {
        processors.get(index).start();
    }

    /**
     * Waits until processor {@code index} answers 200 on {@code /health/ready} (running, nothing restoring);
     * fails if it exits first or {@code atMost} passes.
     */
    void awaitProcessorReady(int index, Duration atMost) {
        ChildJvm processor = processors.get(index);
        URI ready = URI.create("http://127.0.0.1:" + processorAdminPort(index) + "/health/ready");
        await(processor.name() + " ready")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !processor.isAlive() || answers(ready));
        requireAlive(processor);
    }

    /** kill -9 one gateway: its callers get no answer until it is started again. */
    void killGateway(int index) throws InterruptedException {
        gateways.get(index).kill();
    }

    /** Starts gateway {@code index} and waits until its health checks pass. */
    void startGateway(int index) throws IOException {
        ChildJvm gateway = gateways.get(index);
        gateway.start();
        URI health = URI.create("http://127.0.0.1:" + gatewayAdminPorts.get(index) + "/healthcheck");
        await(gateway.name() + " healthy")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !gateway.isAlive() || answers(health));
        requireAlive(gateway);
    }

    private boolean answers(URI uri) {
        return answers(http, uri);
    }

    /** Whether {@code uri} answers 200 within 5 s (health checks). */
    static boolean answers(HttpClient http, URI uri) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requireAlive(ChildJvm child) {
        if (!child.isAlive()) {
            throw new AssertionError(child.name() + " exited:\n" + child.tail(40));
        }
    }

    private boolean brokerAnswers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    void awaitProcessorsRunning() {
        for (ChildJvm processor : processors) {
            await(processor.name() + " running")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !processor.isAlive() || processor.logContains(RUNNING));
            requireAlive(processor);
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
        ProcessorLag.awaitCaughtUp(this::admin, APPLICATION_ID, layout.partitions(), atMost);
    }

    /** Every child process: the broker, the processors, the gateways. */
    List<ChildJvm> children() {
        List<ChildJvm> all = new ArrayList<>();
        all.add(broker);
        all.addAll(processors);
        all.addAll(gateways);
        return all;
    }

    String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (ChildJvm child : children()) {
            out.append("\n--- ")
                    .append(child.name())
                    .append(" (alive=")
                    .append(child.isAlive())
                    .append(")\n")
                    .append(child.tail(25));
        }
        return out.toString();
    }

    /** What a run on a stack does; it may throw. */
    interface Run<T> {
        T on(ProcessStack stack) throws Exception;
    }

    /**
     * Runs {@code run} on this stack, then stops every process and deletes {@code dir}, its data: also on
     * Ctrl-C or a failure (a shutdown hook until the run ends).
     */
    <T> T runThenCleanUp(Path dir, String who, Run<T> run) throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    close();
                } catch (Exception e) {
                    System.err.println(who + ": stopping the stack: " + e);
                }
                Soak.deleteTree(dir);
            }
        };
        Thread hook = new Thread(cleanUp, who + "-clean-up");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C or a failure: stop what we started, delete its data
        try {
            return run.on(this);
        } finally {
            cleanUp.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    @Override
    public void close() throws Exception {
        for (ChildJvm gateway : gateways) {
            gateway.stop();
        }
        for (ChildJvm processor : processors) {
            processor.stop();
        }
        broker.stop();
    }
}
