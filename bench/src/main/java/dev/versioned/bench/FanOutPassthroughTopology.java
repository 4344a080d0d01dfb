package dev.versioned.bench;

import dev.versioned.processor.topology.StateOnFlush;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.ReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The design's limit: what the product writes per request, with no parsing and no checks. Each input record
 * (key productId, the request's bytes) becomes one result (same key, the input bytes: about a result's size),
 * one reply to the topic in the request's {@code reply-topic} header, and one put into a persistent, cached,
 * changelogged key-value store keyed by the productId. The state topic gets a product's latest value keyed
 * {@code storeId/productId}, on the request's own partition (murmur2 of the productId), when the store's
 * record cache is flushed, so once per product per commit at most: the way the deployed processor publishes
 * state ({@link StateOnFlush}); without a record cache, once per put. The store id is given (the load has one
 * store), not parsed from the request.
 */
public final class FanOutPassthroughTopology {

    static final String STORE = "fanout-store";
    private static final String SOURCE = "fanout-source";
    private static final String PROCESSOR = "fanout-processor";
    private static final String RESULTS_SINK = "fanout-results-sink";
    private static final String REPLIES_SINK = "fanout-replies-sink";
    private static final String STATE_SINK = "fanout-state-sink";

    private FanOutPassthroughTopology() {}

    public static Topology build(String input, String results, String state, String storeId) {
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addProcessor(PROCESSOR, () -> new FanOut(storeId), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                PROCESSOR);
        topology.addSink(
                RESULTS_SINK,
                results,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(
                REPLIES_SINK,
                (key, value, context) -> replyTopic(context.headers().lastHeader(ReplyHeaders.REPLY_TOPIC)),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        StreamPartitioner<String, byte[]> byProduct = (topic, key, value, partitions) ->
                Optional.of(Set.of(partitionOf(key.substring(key.indexOf('/') + 1), partitions)));
        topology.addSink(
                STATE_SINK,
                state,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                byProduct,
                PROCESSOR);
        return topology;
    }

    /** The partition murmur2 gives a productId: the requests' partition, as the product places state records. */
    static int partitionOf(String productId, int partitions) {
        return KeyPartitions.partitionOf(productId, partitions);
    }

    private static String replyTopic(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Forwards each record to the three sinks by name and puts it into the store. */
    private static final class FanOut implements Processor<String, byte[], String, byte[]> {
        private final String statePrefix;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;
        private boolean statePerPut;

        FanOut(String storeId) {
            this.statePrefix = storeId + "/";
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.statePerPut = !StateOnFlush.register(context, store, this::publishState);
        }

        private void publishState(Record<String, byte[]> latest) {
            context.forward(latest.withKey(statePrefix + latest.key()), STATE_SINK);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            store.put(record.key(), record.value());
            context.forward(record, RESULTS_SINK);
            context.forward(record, REPLIES_SINK);
            if (statePerPut) {
                publishState(record);
            }
        }
    }
}
