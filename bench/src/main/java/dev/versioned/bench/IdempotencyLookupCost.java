package dev.versioned.bench;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The evidence behind the idempotency store's design: microseconds per lookup + put of a new key, on the
 * first design (a persistent window store with 24 h retention, {@code fetch(key, now - retention,
 * Long.MAX_VALUE)}, which opens an iterator on every time segment) and on the production store
 * ({@link IdempotencyStore}: a point read and a put on a key-value store, binary values). Keys shaped like
 * {@code store/product/idempotencyKey}; single thread in a {@link TopologyTestDriver}, no broker.
 */
final class IdempotencyLookupCost {

    /** µs per lookup+put over {@code n} new keys. */
    record Cost(int keys, double windowStoreUs, double keyValueStoreUs) {}

    private IdempotencyLookupCost() {}

    static Cost measure(int n, Path stateDir) {
        measureWindow(n / 5, stateDir.resolve("warm-window"));
        measureKeyValue(n / 5, stateDir.resolve("warm-kv"));
        return new Cost(n, measureWindow(n, stateDir.resolve("window")), measureKeyValue(n, stateDir.resolve("kv")));
    }

    private static double measureKeyValue(int n, Path dir) {
        Topology topology = new Topology();
        topology.addSource("src", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor(
                "lookup",
                () -> new Processor<String, String, Void, Void>() {
                    private IdempotencyStore store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = new IdempotencyStore(
                                context.getStateStore(IdempotencyStore.NAME), Duration.ofHours(24));
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<String, String> record) {
                        Instant now = Instant.ofEpochMilli(record.timestamp());
                        RecordKey key = new RecordKey("store-1", record.key());
                        if (store.find(key, record.value(), now).isPresent()) {
                            throw new IllegalStateException("keys are new: nothing should be found");
                        }
                        store.record(key, record.value(), FINGERPRINT, RESULT, now);
                    }
                },
                "src");
        topology.addStateStore(IdempotencyStore.builder(), "lookup");
        return time(topology, n, dir, i -> RequestLoad.product(i), i -> "k-" + i);
    }

    private static final String FINGERPRINT = "0123456789abcdef".repeat(4);
    private static final UpdateResult RESULT = new UpdateResult(
            Optional.empty(),
            Optional.of("S1"),
            Optional.of("P1"),
            Optional.of("k"),
            true,
            ResultCode.APPLIED,
            false,
            Optional.of(5L),
            Optional.of(2L),
            Optional.of(Instant.EPOCH),
            Optional.of(1L),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    private static double measureWindow(int n, Path dir) {
        Duration retention = Duration.ofHours(24);
        Topology topology = new Topology();
        topology.addSource("src", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor(
                "lookup",
                () -> new Processor<String, String, Void, Void>() {
                    private WindowStore<String, String> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore("idempotency");
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<String, String> record) {
                        Instant now = Instant.ofEpochMilli(record.timestamp());
                        Instant to = Instant.ofEpochMilli(Long.MAX_VALUE);
                        try (WindowStoreIterator<String> it = store.fetch(record.key(), now.minus(retention), to)) {
                            if (it.hasNext()) {
                                throw new IllegalStateException("keys are new: nothing should be found");
                            }
                        }
                        store.put(record.key(), record.value(), record.timestamp());
                    }
                },
                "src");
        topology.addStateStore(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore("idempotency", retention, Duration.ofMillis(1), false),
                        Serdes.String(),
                        Serdes.String()),
                "lookup");
        return time(
                topology,
                n,
                dir,
                i -> "store-1/" + RequestLoad.product(i) + "/k-" + i,
                i -> "{\"fingerprint\":\"0123456789abcdef\",\"result\":\"APPLIED\"}");
    }

    private static double time(
            Topology topology,
            int n,
            Path dir,
            java.util.function.IntFunction<String> key,
            java.util.function.IntFunction<String> value) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lookup-cost");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                in.pipeInput(key.apply(i), value.apply(i), t.plusMillis(i));
            }
            return (System.nanoTime() - start) / 1e3 / n;
        }
    }
}
