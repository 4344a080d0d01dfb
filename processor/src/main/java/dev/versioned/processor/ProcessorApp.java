package dev.versioned.processor;

import dev.versioned.processor.admin.AdminServer;
import dev.versioned.processor.admin.ProcessorHealth;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.SettingsException;
import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.processor.kafka.AdminReplyTopics;
import dev.versioned.processor.kafka.ReplyTopics;
import dev.versioned.processor.kafka.RequestsTopic;
import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.topology.FailedRecords;
import dev.versioned.processor.topology.KafkaBoundary;
import dev.versioned.processor.topology.RetryBudget;
import dev.versioned.processor.topology.StreamsProperties;
import dev.versioned.processor.topology.ThreadReplacementPolicy;
import dev.versioned.processor.topology.UpdateTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor: {@code java -jar processor.jar [config.properties]}, with the environment
 * overriding the file (see {@link ProcessorSettings}). Stops cleanly on SIGTERM / Ctrl-C.
 *
 * <p>Each instance keeps its meters in its own Prometheus registry ({@link #meterRegistry}): the processor's
 * counters ({@code inventory_processor_*}), its health as gauges, Kafka Streams' and its clients' metrics
 * (through Micrometer's {@link KafkaStreamsMetrics}) and the JVM's. {@code main} serves them, with the
 * health probes, on the admin endpoint ({@link AdminServer}) unless {@code inventory.admin.enabled} is false;
 * other code starts one with {@link AdminServer#start}. A stream thread that fails is
 * replaced, a bounded number of times ({@link ThreadReplacementPolicy}); after that the client shuts down
 * and {@code main} exits with {@value #EXIT_FAILED}.
 */
public final class ProcessorApp implements AutoCloseable {

    /** The exit status of {@code main} when the client stopped after a failure (sysexits' EX_SOFTWARE). */
    public static final int EXIT_FAILED = 70;

    /**
     * How often Kafka metrics that appeared since (new threads, tasks, partitions, stores) are bound into the
     * registry: Micrometer's binder finds them by polling.
     */
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

    private final Admin admin;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProcessorHealth health;
    private final ScheduledExecutorService metricsRefresh;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** Released when the client reaches NOT_RUNNING or ERROR. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Describes the requests topic (it must exist) and builds the Kafka Streams client; {@link #start}
     * starts it.
     *
     * @throws IllegalStateException when the requests topic does not exist or Kafka cannot be reached
     */
    public ProcessorApp(ProcessorSettings settings) {
        this(settings, (boundary, meters) -> UpdateTopology.build(settings, boundary, meters));
    }

    /**
     * The processor around another topology, given the boundary and the registry to count into: for tests of
     * what happens when a stream thread fails, which need a topology that fails.
     */
    ProcessorApp(ProcessorSettings settings, BiFunction<KafkaBoundary, MeterRegistry, Topology> topology) {
        Properties props = StreamsProperties.of(settings);
        StreamsConfig config = new StreamsConfig(props);
        this.admin = Admin.create(
                config.getAdminConfigs(config.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-boundary"));
        FailedRecords failedRecords = new FailedRecords();
        try {
            ReplyTopics replyTopics = new AdminReplyTopics(admin);
            KafkaBoundary boundary = new KafkaBoundary(
                    RequestsTopic.partitions(admin, settings.topics().requests()), replyTopics, new RetryBudget());
            // The exception handlers are created by Kafka Streams from the configuration: hand them the same
            // instances as the topology and the uncaught exception handler.
            props.put(ReplyTopics.CONFIG, boundary.replyTopics());
            props.put(RetryBudget.CONFIG, boundary.retries());
            props.put(FailedRecords.CONFIG, failedRecords);
            this.streams = new KafkaStreams(topology.apply(boundary, registry), props);
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        // A failed stream thread is replaced (under exactly-once its task resumes from the last commit), a
        // bounded number of times.
        streams.setUncaughtExceptionHandler(new ThreadReplacementPolicy(failedRecords, registry));
        this.health = new ProcessorHealth(streams);
        streams.setGlobalStateRestoreListener(health.restoreListener());
        streams.setStateListener((now, before) -> {
            LOG.info("processor state {} -> {}", before, now);
            health.stateChanged(now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        health.bindTo(registry);
        this.metricsRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processor-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh, KAFKA_METRICS_REFRESH);
        kafkaMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        // CPU: Micrometer's binder of that name, not the processor's own metrics.
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * The Kafka Streams client. Its restore listener, state listener and uncaught exception handler are the
     * processor's own; a restore listener of a test goes through {@link ProcessorHealth#alsoNotify}.
     */
    public KafkaStreams streams() {
        return streams;
    }

    public ProcessorHealth health() {
        return health;
    }

    /** Every meter of this instance, for the admin endpoint's {@code /metrics}. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * Live entries in this instance's active idempotency stores, as each store's last complete sweep pass counted
     * them (exported as {@value ProcessorMetrics#IDEMPOTENCY_ENTRIES}).
     */
    public long idempotencyStoreSize() {
        Gauge gauge = registry.find(ProcessorMetrics.IDEMPOTENCY_ENTRIES).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    /**
     * Blocks until the client has stopped: closed, or shut down after a failure.
     *
     * @return whether it stopped after a failure
     */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return health.failed();
    }

    /**
     * Stops after committing, and leaves the group so that the other instances take over this
     * instance's partitions at once instead of after the session timeout. A second call does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        kafkaMetrics.close();
        metricsRefresh.shutdownNow();
        gcMetrics.close();
        admin.close(Duration.ofSeconds(5));
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessorSettings settings;
        try {
            settings = SettingsLoader.load(
                    args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty(), System.getenv());
        } catch (SettingsException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProcessorApp app;
        try {
            app = new ProcessorApp(settings);
        } catch (IllegalStateException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Optional<AdminServer> endpoint;
        try {
            endpoint = settings.adminEnabled()
                    ? Optional.of(AdminServer.start(app.health(), app.meterRegistry(), settings.adminPort()))
                    : Optional.empty();
        } catch (UncheckedIOException e) {
            System.err.println("cannot start: " + e.getMessage());
            app.close();
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            endpoint.ifPresent(AdminServer::close);
                            app.close();
                        },
                        "processor-shutdown"));
        app.start();
        LOG.info(
                "processor started: requests from {}, retention {}, admin endpoint {}",
                settings.topics().requests(),
                settings.idempotencyRetention(),
                endpoint.map(server -> "on port " + server.port()).orElse("disabled"));
        if (app.awaitStop()) {
            LOG.error("the processor stopped after a failure; exiting with status {}", EXIT_FAILED);
            endpoint.ifPresent(AdminServer::close);
            app.close();
            System.exit(EXIT_FAILED);
        }
    }
}
