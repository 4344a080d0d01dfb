package dev.versioned.processor;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.SettingsException;
import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.processor.kafka.AdminReplyTopics;
import dev.versioned.processor.kafka.ReplyTopics;
import dev.versioned.processor.kafka.RequestsTopic;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.topology.KafkaBoundary;
import dev.versioned.processor.topology.RetryBudget;
import dev.versioned.processor.topology.StreamsProperties;
import dev.versioned.processor.topology.UpdateTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor: {@code java -jar processor.jar [config.properties]}, with the environment
 * overriding the file (see {@link ProcessorSettings}). Stops cleanly on SIGTERM / Ctrl-C.
 */
public final class ProcessorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

    private final Admin admin;
    private final KafkaStreams streams;

    /**
     * Describes the requests topic (it must exist) and builds the Kafka Streams client; {@link #start}
     * starts it.
     *
     * @throws IllegalStateException when the requests topic does not exist or Kafka cannot be reached
     */
    public ProcessorApp(ProcessorSettings settings) {
        Properties props = StreamsProperties.of(settings);
        StreamsConfig config = new StreamsConfig(props);
        this.admin = Admin.create(
                config.getAdminConfigs(config.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-boundary"));
        KafkaBoundary boundary;
        try {
            ReplyTopics replyTopics = new AdminReplyTopics(admin);
            boundary = new KafkaBoundary(
                    RequestsTopic.partitions(admin, settings.topics().requests()), replyTopics, new RetryBudget());
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        // The exception handlers are created by Kafka Streams from the configuration: hand them the same
        // instances as the topology.
        props.put(ReplyTopics.CONFIG, boundary.replyTopics());
        props.put(RetryBudget.CONFIG, boundary.retries());
        this.streams = new KafkaStreams(UpdateTopology.build(settings, boundary), props);
        // A failed stream thread is replaced; under exactly-once its task resumes from the last commit.
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("processor state {} -> {}", before, now));
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Approximate number of entries in this instance's idempotency stores: the sum of Kafka Streams'
     * RocksDB {@code estimate-num-keys} metric over every task's {@value IdempotencyStore#NAME}.
     */
    public long idempotencyStoreSize() {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("estimate-num-keys")
                        && e.getKey().tags().containsValue(IdempotencyStore.NAME))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }

    /**
     * Stops after committing, and leaves the group so that the other instances take over this
     * instance's partitions at once instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "processor-shutdown"));
        app.start();
        LOG.info(
                "processor started: requests from {}, retention {}",
                settings.topics().requests(),
                settings.idempotencyRetention());
        stopped.await();
    }
}
