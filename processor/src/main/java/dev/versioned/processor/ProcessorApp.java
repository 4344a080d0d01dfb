package dev.versioned.processor;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.SettingsException;
import dev.versioned.processor.config.SettingsLoader;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.topology.UpdateTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor: {@code java -jar processor.jar [config.properties]}, with the environment
 * overriding the file (see {@link ProcessorSettings}). Stops cleanly on SIGTERM / Ctrl-C.
 */
public final class ProcessorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

    private final KafkaStreams streams;

    public ProcessorApp(ProcessorSettings settings) {
        this.streams = new KafkaStreams(UpdateTopology.build(settings), settings.streamsProperties());
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
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessorSettings settings;
        try {
            settings = SettingsLoader.load(args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty(),
                    System.getenv());
        } catch (SettingsException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProcessorApp app = new ProcessorApp(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "processor-shutdown"));
        app.start();
        LOG.info("processor started: requests from {}, retention {}", settings.topics().requests(),
                settings.idempotencyRetention());
        stopped.await();
    }
}
