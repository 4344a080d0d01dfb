package dev.versioned.client.it;

import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.stack.LocalStack;
import dev.versioned.stack.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One local stack (broker, processor, gateway) for one test class, and what the tests read from it. */
final class RunningStack implements AutoCloseable {

    /** The repository root: tests run in {@code client/it}. */
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    static final String ALL_STORES_KEY = "demo-all-stores";
    static final String STORE_1_KEY = "demo";

    private final LocalStack stack;
    private final StackSettings settings;

    private RunningStack(LocalStack stack, StackSettings settings) {
        this.stack = stack;
        this.settings = settings;
    }

    /**
     * Starts a stack; {@code overrides} are Dropwizard overrides of the gateway ({@code dw.<path>}), set only
     * while it starts.
     */
    static RunningStack start(Path dataDir, int commitIntervalMs, Map<String, String> overrides) throws Exception {
        StackSettings settings = StackSettings.onFreePorts(dataDir, ROOT.resolve("gateway/config/gateway.yml"))
                .withCommitIntervalMs(commitIntervalMs);
        overrides.forEach((k, v) -> System.setProperty("dw." + k, v));
        try {
            return new RunningStack(LocalStack.start(settings), settings);
        } finally {
            overrides.keySet().forEach(k -> System.clearProperty("dw." + k));
        }
    }

    /** Stops this stack and starts it again on the same ports and data directory (records and keys kept). */
    RunningStack restart() throws Exception {
        stack.close();
        return new RunningStack(LocalStack.start(settings), settings);
    }

    URI http() {
        return URI.create("http://localhost:" + settings.httpPort());
    }

    String bootstrapServers() {
        return "127.0.0.1:" + settings.kafkaPort();
    }

    /** Every committed result of {@code productId} on the results topic (read_committed, from the start). */
    List<UpdateResult> results(String productId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<UpdateResult> results = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.DEFAULTS.results()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    UpdateResult result = WireSerdes.UPDATE_RESULT.fromBytes(record.value());
                    if (result.productId().filter(productId::equals).isPresent()) {
                        results.add(result);
                    }
                }
            }
        }
        return results;
    }

    @Override
    public void close() {
        stack.close();
    }
}
