package dev.versioned.stack;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.TopicNames;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.jetty.server.Server;

/**
 * The whole product on one machine, in one JVM: a KRaft broker keeping its data under the data
 * directory (a restart keeps every record and version), the topics, the processor and the gateway.
 * Stops in reverse order; the gateway first, so that no request is accepted without a processor.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalBroker broker;
    private final ProcessorApp processor;
    private final Server gateway;

    private LocalStack(LocalBroker broker, ProcessorApp processor, Server gateway) {
        this.broker = broker;
        this.processor = processor;
        this.gateway = gateway;
    }

    public static LocalStack start(StackSettings settings) throws Exception {
        if (!Files.isRegularFile(settings.gatewayConfig())) {
            throw new IllegalArgumentException("gateway configuration not found: "
                    + settings.gatewayConfig().toAbsolutePath()
                    + " (run from the repository root, or set STACK_GATEWAY_CONFIG)");
        }
        LocalBroker broker = LocalBroker.start(settings.dataDir(), settings.kafkaPort());
        ProcessorApp processor = null;
        try {
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(adminProps)) {
                StackTopics.ensure(admin, TopicNames.DEFAULTS, (short) 1);
            }
            processor = new ProcessorApp(ProcessorSettings.defaults(broker.bootstrapServers())
                    .withKafka(
                            StreamsConfig.STATE_DIR_CONFIG,
                            settings.dataDir()
                                    .resolve("processor")
                                    .toAbsolutePath()
                                    .toString())
                    .withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs())));
            processor.start();
            awaitRunning(processor);
            Server gateway = startGateway(settings, broker.bootstrapServers());
            return new LocalStack(broker, processor, gateway);
        } catch (Exception | Error e) {
            if (processor != null) {
                processor.close();
            }
            broker.close();
            throw e;
        }
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

    private static Server startGateway(StackSettings settings, String bootstrapServers) throws Exception {
        return GatewayLauncher.start(
                settings.gatewayConfig(),
                Map.of(
                        "kafka.bootstrapServers",
                        bootstrapServers,
                        "server.applicationConnectors[0].port",
                        String.valueOf(settings.httpPort()),
                        "server.adminConnectors[0].port",
                        String.valueOf(settings.adminPort()),
                        "replyTopicReplicationFactor",
                        "1"));
    }

    @Override
    public void close() {
        try {
            gateway.stop();
        } catch (Exception e) {
            System.err.println("stopping the gateway failed: " + e);
        }
        processor.close();
        broker.close();
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(System.getenv());
        LocalStack stack = start(settings);
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
                  Admin        http://localhost:%d/healthcheck  http://localhost:%d/prometheus
                  Kafka        %s  (topics %s, %s, %s, %s)
                %n""",
                settings.dataDir().toAbsolutePath(),
                settings.httpPort(),
                settings.adminPort(),
                settings.adminPort(),
                stack.broker.bootstrapServers(),
                TopicNames.DEFAULTS.requests(),
                TopicNames.DEFAULTS.results(),
                TopicNames.DEFAULTS.state(),
                TopicNames.DEFAULTS.deadLetters());
        stopped.await();
    }
}
