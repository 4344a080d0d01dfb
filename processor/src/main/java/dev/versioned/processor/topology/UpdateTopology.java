package dev.versioned.processor.topology;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.store.DocumentStore;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.processor.store.StreamStore;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.WireSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * Builds the processor's topology: the one factory that {@code main} runs and tests drive.
 *
 * <pre>
 * inventory.requests ─► update-requests-source ─► update-processor ─┬─► update-results-sink  ─► inventory.results
 *   (key productId,                     stores: inventory-store,    ├─► inventory-state-sink ─► inventory.state
 *    value raw bytes)                           idempotency-store   ├─► update-replies-sink  ─► reply-topic header
 *                                          document-store           ├─► document-results-sink ─► documents.results
 *                                                                   ├─► document-state-sink  ─► documents.state
 *                                          stream-store             ├─► stream-events-sink   ─► streams.events
 *                                                                   ├─► dead-letters-sink    ─► inventory.dead-letters
 *                                                                   └─► requests-forward-sink ─► inventory.requests
 *                                                                       (a request on the wrong partition, to its key's)
 * </pre>
 *
 * The source reads raw bytes so that no input can fail deserialization inside Kafka Streams: parsing and
 * validation happen in the processor, which sends what it cannot accept to the dead-letter topic.
 * The requests topic must be keyed by productId (one writer per product); the processor refuses other
 * keys rather than repartitioning, which would cost another topic write per update. A request keyed right
 * but on another partition than murmur2 gives its key (a producer with another partitioner) is forwarded
 * once to its key's partition, and decided there.
 */
public final class UpdateTopology {

    private UpdateTopology() {}

    /**
     * The deployed topology, its counters exported nowhere: for {@code TopologyTestDriver}.
     *
     * @param boundary what the topology knows of the cluster: the requests topic's partition count, the
     *                 reply topics' writability, the retry budget ({@link KafkaBoundary#singlePartition()}
     *                 for {@code TopologyTestDriver})
     */
    public static Topology build(ProcessorSettings settings, KafkaBoundary boundary) {
        return build(settings, boundary, TopologyOptions.PRODUCT, ProcessorMetrics.Counters.unexported());
    }

    /**
     * The deployed topology, counting its outcomes, dead letters and boundary events into {@code registry}
     * too; every labelled series is registered, at zero, here.
     */
    public static Topology build(ProcessorSettings settings, KafkaBoundary boundary, MeterRegistry registry) {
        return build(
                settings,
                boundary,
                TopologyOptions.PRODUCT,
                new ProcessorMetrics.Counters(registry)
                        .withCollections(settings.documents().collections().keySet()));
    }

    /**
     * The same topology without the idempotency store: versions are still checked, but outcomes are not
     * recorded, so a retry is decided again. Only for measuring what the idempotency store costs (the
     * benchmark); deploying it would break the product's at-most-once promise.
     */
    public static Topology buildWithoutIdempotencyForBenchmark(ProcessorSettings settings, KafkaBoundary boundary) {
        return build(settings, boundary, TopologyOptions.WITHOUT_IDEMPOTENCY, ProcessorMetrics.Counters.unexported());
    }

    /**
     * The topology with some parts of the design left out or replaced by what they replaced: for the
     * benchmark, which measures each part against the deployed design ({@link TopologyOptions#PRODUCT}).
     */
    public static Topology build(ProcessorSettings settings, KafkaBoundary boundary, TopologyOptions options) {
        return build(settings, boundary, options, ProcessorMetrics.Counters.unexported());
    }

    private static Topology build(
            ProcessorSettings settings,
            KafkaBoundary boundary,
            TopologyOptions options,
            ProcessorMetrics.Counters counters) {
        boolean idempotency = options.idempotency();
        TopicNames topics = settings.topics();
        ReplyRouter router = new ReplyRouter();
        Topology topology = new Topology();
        topology.addSource(
                TopologyNames.REQUESTS_SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                topics.requests());
        topology.addProcessor(
                TopologyNames.UPDATE_PROCESSOR,
                () -> new UpdateProcessor(settings, options, boundary, counters),
                TopologyNames.REQUESTS_SOURCE);
        topology.addStateStore(InventoryStore.builder(), TopologyNames.UPDATE_PROCESSOR);
        topology.addStateStore(DocumentStore.builder(), TopologyNames.UPDATE_PROCESSOR);
        topology.addStateStore(StreamStore.builder(), TopologyNames.UPDATE_PROCESSOR);
        if (idempotency) {
            topology.addStateStore(IdempotencyStore.builder(), TopologyNames.UPDATE_PROCESSOR);
        }
        // Results are serialized once, in the processor, and written as those bytes here and to the reply.
        topology.addSink(
                TopologyNames.RESULTS_SINK,
                topics.results(),
                Serdes.String().serializer(),
                (topic, value) -> ((EncodedResult) value).json(),
                TopologyNames.UPDATE_PROCESSOR);
        Serializer<Object> stateSerializer = as(WireSerdes.INVENTORY_RECORD.serializer(), InventoryRecord.class);
        if (options.stateByProduct()) {
            topology.addSink(
                    TopologyNames.STATE_SINK,
                    topics.state(),
                    Serdes.String().serializer(),
                    stateSerializer,
                    new StatePartitioner(),
                    TopologyNames.UPDATE_PROCESSOR);
        } else {
            topology.addSink(
                    TopologyNames.STATE_SINK,
                    topics.state(),
                    Serdes.String().serializer(),
                    stateSerializer,
                    TopologyNames.UPDATE_PROCESSOR);
        }
        // Document results and states are serialized once, in the processor, and written as those bytes.
        topology.addSink(
                TopologyNames.DOCUMENT_RESULTS_SINK,
                settings.documents().resultsTopic(),
                Serdes.String().serializer(),
                (topic, value) -> (byte[]) value,
                TopologyNames.UPDATE_PROCESSOR);
        topology.addSink(
                TopologyNames.DOCUMENT_STATE_SINK,
                settings.documents().stateTopic(),
                Serdes.String().serializer(),
                (topic, value) -> (byte[]) value,
                TopologyNames.UPDATE_PROCESSOR);
        // Events are serialized once, in the processor (the stream's head keeps the last one's bytes too).
        topology.addSink(
                TopologyNames.STREAM_EVENTS_SINK,
                settings.streams().eventsTopic(),
                Serdes.String().serializer(),
                (topic, value) -> (byte[]) value,
                TopologyNames.UPDATE_PROCESSOR);
        topology.addSink(
                TopologyNames.DEAD_LETTER_SINK,
                topics.deadLetters(),
                Serdes.String().serializer(),
                as(WireSerdes.DEAD_LETTER.serializer(), DeadLetter.class),
                TopologyNames.UPDATE_PROCESSOR);
        Serializer<Reply> replySerializer = (topic, reply) -> reply.json();
        topology.addSink(
                TopologyNames.REPLY_SINK,
                router,
                Serdes.String().serializer(),
                replySerializer,
                router,
                TopologyNames.UPDATE_PROCESSOR);
        // A request on the wrong partition for its key goes back to the requests topic, to its key's partition.
        topology.addSink(
                TopologyNames.REQUEST_FORWARD_SINK,
                topics.requests(),
                Serdes.String().serializer(),
                (topic, value) -> (byte[]) value,
                new KeyPartitioner(),
                TopologyNames.UPDATE_PROCESSOR);
        return topology;
    }

    /** The processor forwards {@code Object}s, each sink receives only its own type: checked here. */
    private static <T> Serializer<Object> as(Serializer<T> serializer, Class<T> type) {
        return (topic, value) -> serializer.serialize(topic, type.cast(value));
    }
}
