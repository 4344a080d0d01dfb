package dev.versioned.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Evidence for a production fix, measured without touching production code: the idempotency store's
 * lookup is {@code fetch(key, now - retention, Long.MAX_VALUE)} on a persistent window store, then a put.
 * This replays that pattern on the same kind of store (persistent RocksDB window store, 24 h retention,
 * 1 ms windows, String keys shaped like {@code store/product/idempotencyKey}) in a {@link TopologyTestDriver},
 * once with the unbounded upper time and once bounded at {@code now + retention}, and reports microseconds
 * per lookup+put. Single thread, no broker: it isolates the store access.
 */
final class IdempotencyLookupCost {

    /** µs per lookup+put over {@code n} new keys, with the unbounded and the bounded upper time. */
    record Cost(int keys, double unboundedUs, double boundedUs) {
    }

    private IdempotencyLookupCost() {
    }

    static Cost measure(int n, Path stateDir) {
        measureOne(n / 5, false, stateDir.resolve("warm"));
        double unbounded = measureOne(n, false, stateDir.resolve("unbounded"));
        double bounded = measureOne(n, true, stateDir.resolve("bounded"));
        return new Cost(n, unbounded, bounded);
    }

    private static double measureOne(int n, boolean bounded, Path dir) {
        Duration retention = Duration.ofHours(24);
        Topology topology = new Topology();
        topology.addSource("src", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor("lookup", () -> new Processor<String, String, Void, Void>() {
            private WindowStore<String, String> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore("idempotency");
            }

            @Override
            public void process(org.apache.kafka.streams.processor.api.Record<String, String> record) {
                Instant now = Instant.ofEpochMilli(record.timestamp());
                Instant to = bounded ? now.plus(retention) : Instant.ofEpochMilli(Long.MAX_VALUE);
                try (WindowStoreIterator<String> it = store.fetch(record.key(), now.minus(retention), to)) {
                    if (it.hasNext()) {
                        throw new IllegalStateException("keys are new: nothing should be found");
                    }
                }
                store.put(record.key(), record.value(), record.timestamp());
            }
        }, "src");
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore("idempotency", retention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.String()), "lookup");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lookup-cost");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                in.pipeInput("store-1/" + RequestLoad.product(i) + "/k-" + i,
                        "{\"fingerprint\":\"0123456789abcdef\",\"result\":\"APPLIED\"}", t.plusMillis(i));
            }
            return (System.nanoTime() - start) / 1e3 / n;
        }
    }
}
