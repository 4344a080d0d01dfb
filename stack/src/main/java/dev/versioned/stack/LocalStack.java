package dev.versioned.stack;

import ch.qos.logback.core.util.StatusPrinter;
import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.admin.AdminServer;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.jetty.server.Server;

/**
 * The whole product on one machine, in one JVM: a KRaft broker keeping its data under the data
 * directory (a restart keeps every record and version), the topics, the processor and the gateway.
 * Stops in reverse order; the gateway first, so that no request is accepted without a processor. The
 * processor's admin endpoint (health, metrics) runs as it does in a deployment.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalBroker broker;
    private final ProcessorApp processor;
    private final AdminServer processorAdmin;
    private final Server gateway;

    private LocalStack(LocalBroker broker, ProcessorApp processor, AdminServer processorAdmin, Server gateway) {
        this.broker = broker;
        this.processor = processor;
        this.processorAdmin = processorAdmin;
        this.gateway = gateway;
    }

    /** Starts the stack quietly, its components logging where the JVM's logging is configured (tests). */
    public static LocalStack start(StackSettings settings) throws Exception {
        return start(settings, line -> {}, Optional.empty());
    }

    /**
     * Starts the stack, reporting each component to {@code progress} as it starts; with a log file, the gateway
     * writes its logs there too.
     */
    public static LocalStack start(StackSettings settings, Consumer<String> progress, Optional<Path> logFile)
            throws Exception {
        if (!Files.isRegularFile(settings.gatewayConfig())) {
            throw new IllegalArgumentException("gateway configuration not found: "
                    + settings.gatewayConfig().toAbsolutePath()
                    + " (run from the repository root, or set STACK_GATEWAY_CONFIG)");
        }
        Step step = new Step(progress);
        LocalBroker broker =
                step.run("Kafka broker", () -> LocalBroker.start(settings.dataDir(), settings.kafkaPort()));
        ProcessorApp processor = null;
        AdminServer processorAdmin = null;
        try {
            step.run("topics", () -> {
                Properties adminProps = new Properties();
                adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                try (Admin admin = Admin.create(adminProps)) {
                    StackTopics.ensure(admin, TopicNames.DEFAULTS, (short) 1);
                }
                return null;
            });
            ProcessorApp started = step.run("processor", () -> {
                ProcessorApp app = new ProcessorApp(ProcessorSettings.defaults(broker.bootstrapServers())
                        .withDocuments(DocumentSettings.NONE.withExampleCollections())
                        .withKafka(
                                StreamsConfig.STATE_DIR_CONFIG,
                                settings.dataDir()
                                        .resolve("processor")
                                        .toAbsolutePath()
                                        .toString())
                        .withKafka(
                                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs())));
                try {
                    app.start();
                    awaitRunning(app);
                    return app;
                } catch (Exception | Error e) {
                    app.close();
                    throw e;
                }
            });
            processor = started;
            processorAdmin = step.run(
                    "processor admin",
                    () -> AdminServer.start(started.health(), started.meterRegistry(), settings.processorAdminPort()));
            Server gateway = step.run("gateway", () -> startGateway(settings, broker.bootstrapServers(), logFile));
            return new LocalStack(broker, processor, processorAdmin, gateway);
        } catch (Exception | Error e) {
            if (processorAdmin != null) {
                processorAdmin.close();
            }
            if (processor != null) {
                processor.close();
            }
            broker.close();
            throw e;
        }
    }

    /** The port of the processor's admin endpoint ({@code /health/live}, {@code /health/ready}, {@code /metrics}). */
    public int processorAdminPort() {
        return processorAdmin.port();
    }

    private static void awaitRunning(ProcessorApp processor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processor.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || processor.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the processor did not reach RUNNING, it is " + processor.state());
            }
            Thread.sleep(50); // a start-up poll, not a test wait
        }
    }

    private static Server startGateway(StackSettings settings, String bootstrapServers, Optional<Path> logFile)
            throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "kafka.bootstrapServers",
                bootstrapServers,
                "server.applicationConnectors[0].port",
                String.valueOf(settings.httpPort()),
                "server.adminConnectors[0].port",
                String.valueOf(settings.adminPort()),
                "replyTopicReplicationFactor",
                "1"));
        logFile.ifPresent(file -> overrides.putAll(StackLogging.gatewayOverrides(file)));
        return GatewayLauncher.start(settings.gatewayConfig(), overrides);
    }

    @Override
    public void close() {
        try {
            gateway.stop();
        } catch (Exception e) {
            System.err.println("stopping the gateway failed: " + e);
        }
        processorAdmin.close();
        processor.close();
        broker.close();
    }

    /** Reports one component's start as one line: its name, then "ok" and the time it took, or "failed". */
    private record Step(Consumer<String> progress) {

        interface Action<T> {
            T run() throws Exception;
        }

        <T> T run(String component, Action<T> action) throws Exception {
            long started = System.nanoTime();
            try {
                T result = action.run();
                progress.accept(String.format("  %-16s ok (%.1f s)", component, (System.nanoTime() - started) / 1e9));
                return result;
            } catch (Exception | Error e) {
                progress.accept(String.format("  %-16s failed: %s", component, e.getMessage()));
                throw e;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(System.getenv());
        Files.createDirectories(settings.dataDir());
        StackLogging.toFile(settings.logFile());
        PrintStream console = System.out;
        console.println("starting the local stack (logs in " + settings.logFile() + ")");
        LocalStack stack;
        // What libraries print to the console while they start (logback-access's status lines) goes to the log.
        try (PrintStream log = new PrintStream(
                Files.newOutputStream(settings.logFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true,
                StandardCharsets.UTF_8)) {
            System.setOut(log);
            StatusPrinter.setPrintStream(log); // it keeps the console it saw when it was loaded
            stack = start(settings, console::println, Optional.of(settings.logFile()));
        } finally {
            System.setOut(console);
            StatusPrinter.setPrintStream(console);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping the local stack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        System.out.printf(
                """

                Local stack is up (data in %s; Ctrl-C stops it, a restart keeps every record)
                  HTTP API     http://localhost:%d/v1/inventory   (header X-API-Key: demo, limited to store-1;
                                                                    X-API-Key: demo-all-stores for every store)
                  Gateway      health http://localhost:%d/healthcheck   metrics http://localhost:%d/prometheus
                  Processor    live http://localhost:%d/health/live   ready http://localhost:%d/health/ready
                               metrics http://localhost:%d/metrics
                  Kafka        %s  (topics %s, %s, %s, %s)
                  Logs         %s
                %s%n""",
                settings.dataDir().toAbsolutePath(),
                settings.httpPort(),
                settings.adminPort(),
                settings.adminPort(),
                stack.processorAdminPort(),
                stack.processorAdminPort(),
                stack.processorAdminPort(),
                stack.broker.bootstrapServers(),
                TopicNames.DEFAULTS.requests(),
                TopicNames.DEFAULTS.results(),
                TopicNames.DEFAULTS.state(),
                TopicNames.DEFAULTS.deadLetters(),
                settings.logFile().toAbsolutePath(),
                dashboardLine());
        stopped.await();
    }

    /** The dashboard's line of the banner when a Grafana answers on its usual port (the compose one), else none. */
    private static String dashboardLine() {
        String url = "http://localhost:3000";
        try {
            HttpResponse<Void> health = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(500))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/api/health"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (health.statusCode() == 200) {
                return "  Dashboard    " + url + "/d/inventory (Grafana)\n";
            }
        } catch (Exception e) {
            // no Grafana running: the banner says nothing about a dashboard
        }
        return "";
    }
}
