package dev.versioned.processor.metrics;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The processor's business metrics, counted once per event and kept in two places: Kafka Streams sensors
 * (so JMX and any configured metrics reporter see them) and Micrometer counters (the admin endpoint's
 * Prometheus {@code /metrics}).
 *
 * <p>Kafka Streams, in group {@code stream-inventory-metrics}, per stream thread: {@code applied-total},
 * {@code replayed-total}, {@code rejected-<code>-total} for every refusal code (conflicts are
 * {@code rejected-version-conflict-total}) and {@code dead-lettered-total}, each with a matching
 * {@code -rate}. At the Kafka boundary: {@code forwarded-wrong-partition-total} (requests sent on to the
 * partition of their key), {@code reply-skipped-total} (replies not sent because their topic does not
 * exist or cannot be written), {@code processing-failed-total} (records given up on after failing every
 * try, dead-lettered) and {@code given-up-total} (records skipped because even their dead letter could
 * not be written; each is logged with its topic, partition and offset).
 *
 * <p>Prometheus, per instance, every series registered at zero when the topology is built ({@link Counters}):
 * {@code inventory_processor_outcomes_total{outcome}} with {@code outcome} {@code replayed} or a result code
 * in lower case ({@code applied}, {@code version_conflict}, ...), {@code inventory_processor_dead_lettered_total}
 * and {@code inventory_processor_boundary_events_total{event}} with {@code event} one of
 * {@code forwarded_wrong_partition}, {@code reply_skipped}, {@code processing_failed}, {@code given_up};
 * {@code inventory_processor_document_outcomes_total{collection,outcome}} for documents, the series of every
 * configured collection registered at zero; {@code inventory_processor_stream_outcomes_total{outcome}} for appends
 * to streams and {@code inventory_processor_stream_events_appended_total}.
 */
public final class ProcessorMetrics {

    public static final String SCOPE = "inventory";
    public static final String GROUP = "stream-inventory-metrics";

    /** Micrometer names; the Prometheus registry writes them with underscores and a {@code _total} suffix. */
    public static final String OUTCOMES = "inventory.processor.outcomes";

    public static final String DEAD_LETTERED = "inventory.processor.dead.lettered";
    public static final String BOUNDARY_EVENTS = "inventory.processor.boundary.events";
    public static final String DOCUMENT_OUTCOMES = "inventory.processor.document.outcomes";
    public static final String STREAM_OUTCOMES = "inventory.processor.stream.outcomes";
    public static final String EVENTS_APPENDED = "inventory.processor.stream.events.appended";
    /** Live idempotency entries, counted by the sweep: a true count, not RocksDB's estimate. */
    public static final String IDEMPOTENCY_ENTRIES = "inventory.processor.idempotency.store.entries";

    /** What happens to a request at the Kafka boundary; the name in lower case is the {@code event} label. */
    public enum BoundaryEvent {
        FORWARDED_WRONG_PARTITION,
        REPLY_SKIPPED,
        PROCESSING_FAILED,
        GIVEN_UP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The Micrometer counters of one processor instance, shared by all its tasks. Creating them registers
     * every labelled series, so that each exists with 0 before any traffic.
     */
    public static final class Counters {
        private final Counter replayed;
        private final Counter deadLettered;
        private final Map<ResultCode, Counter> byCode = new EnumMap<>(ResultCode.class);
        private final Map<BoundaryEvent, Counter> boundary = new EnumMap<>(BoundaryEvent.class);
        private final Counter streamReplayed;
        private final Map<ResultCode, Counter> streamsByCode = new EnumMap<>(ResultCode.class);
        private final Counter eventsAppended;
        private final MeterRegistry registry;
        /**
         * Document outcome counters by collection label: the configured collections', and
         * {@link DocumentKey#OTHER_COLLECTIONS} for every other, built once so that counting is a lookup.
         */
        private final Map<String, DocumentCounters> documents = new java.util.concurrent.ConcurrentHashMap<>();
        /** Live idempotency entries of each active task, as its store's last complete sweep pass counted them. */
        private final Map<String, Long> liveEntriesByTask = new java.util.concurrent.ConcurrentHashMap<>();

        public Counters(MeterRegistry registry) {
            this.registry = registry;
            io.micrometer.core.instrument.Gauge.builder(IDEMPOTENCY_ENTRIES, this, Counters::liveIdempotencyEntries)
                    .description("Live entries (outcomes, applied-key markers, blocks of transitions) in this"
                            + " instance's active idempotency stores, as each store's last complete sweep pass"
                            + " counted them")
                    .strongReference(true)
                    .register(registry);
            replayed = outcome(registry, "replayed");
            for (ResultCode code : ResultCode.values()) {
                byCode.put(code, outcome(registry, code.name().toLowerCase(Locale.ROOT)));
            }
            streamReplayed = streamOutcome(registry, "replayed");
            for (ResultCode code : ResultCode.values()) {
                streamsByCode.put(code, streamOutcome(registry, code.name().toLowerCase(Locale.ROOT)));
            }
            eventsAppended = Counter.builder(EVENTS_APPENDED)
                    .description("Events appended to streams")
                    .register(registry);
            deadLettered = Counter.builder(DEAD_LETTERED)
                    .description("Requests sent to the dead-letter topic")
                    .register(registry);
            for (BoundaryEvent event : BoundaryEvent.values()) {
                boundary.put(
                        event,
                        Counter.builder(BOUNDARY_EVENTS)
                                .description("Requests forwarded, replies skipped and records given up on at the"
                                        + " Kafka boundary")
                                .tag("event", event.label())
                                .register(registry));
            }
        }

        /**
         * Registers, at zero, every outcome series of these collections: {@code collection} is a label, and
         * only configured collections are ever counted.
         */
        public Counters withCollections(Iterable<String> collections) {
            for (String collection : collections) {
                documents.computeIfAbsent(collection, this::documentCounters);
            }
            return this;
        }

        /** The counters of a collection's document outcomes, every series registered at zero. */
        private DocumentCounters documentCounters(String collection) {
            Map<ResultCode, Counter> byCode = new EnumMap<>(ResultCode.class);
            for (ResultCode code : ResultCode.values()) {
                byCode.put(code, documentOutcome(collection, code.name().toLowerCase(Locale.ROOT)));
            }
            return new DocumentCounters(documentOutcome(collection, "replayed"), byCode);
        }

        /** The counters of a configured collection, or those of {@link DocumentKey#OTHER_COLLECTIONS}. */
        private DocumentCounters documents(java.util.Optional<String> collection) {
            DocumentCounters configured = collection.map(documents::get).orElse(null);
            return configured != null
                    ? configured
                    : documents.computeIfAbsent(DocumentKey.OTHER_COLLECTIONS, this::documentCounters);
        }

        private Counter documentOutcome(String collection, String outcome) {
            return Counter.builder(DOCUMENT_OUTCOMES)
                    .description("Decided document requests by collection and outcome; a replayed outcome counts"
                            + " only as replayed")
                    .tag("collection", collection)
                    .tag("outcome", outcome)
                    .register(registry);
        }

        /** A task's store completed a sweep pass over its entries and found {@code live} of them unexpired. */
        public void liveIdempotencyEntries(String task, long live) {
            liveEntriesByTask.put(task, live);
        }

        /** A task left this instance (closed, migrated): its store is no longer counted here. */
        public void forgetTask(String task) {
            liveEntriesByTask.remove(task);
        }

        /** Live idempotency entries of this instance's active tasks, as their last complete sweep passes counted. */
        public long liveIdempotencyEntries() {
            return liveEntriesByTask.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }

        /** Counters nobody reads: for topologies run without an admin endpoint (tests, the benchmark). */
        public static Counters unexported() {
            return new Counters(new SimpleMeterRegistry());
        }

        private static Counter streamOutcome(MeterRegistry registry, String outcome) {
            return Counter.builder(STREAM_OUTCOMES)
                    .description("Decided appends to streams by outcome; a replayed outcome counts only as replayed")
                    .tag("outcome", outcome)
                    .register(registry);
        }

        private static Counter outcome(MeterRegistry registry, String outcome) {
            return Counter.builder(OUTCOMES)
                    .description("Decided requests by outcome; a replayed outcome counts only as replayed")
                    .tag("outcome", outcome)
                    .register(registry);
        }
    }

    /** One collection's document outcome counters. */
    private record DocumentCounters(Counter replayed, Map<ResultCode, Counter> byCode) {}

    private final Counters counters;
    private final Sensor replayed;
    private final Sensor deadLettered;
    private final Map<ResultCode, Sensor> byCode = new EnumMap<>(ResultCode.class);
    private final Map<BoundaryEvent, Sensor> boundary = new EnumMap<>(BoundaryEvent.class);

    public ProcessorMetrics(StreamsMetrics metrics, String entity, Counters counters) {
        this.counters = counters;
        replayed = metrics.addRateTotalSensor(SCOPE, entity, "replayed", Sensor.RecordingLevel.INFO);
        deadLettered = metrics.addRateTotalSensor(SCOPE, entity, "dead-lettered", Sensor.RecordingLevel.INFO);
        for (BoundaryEvent event : BoundaryEvent.values()) {
            boundary.put(
                    event,
                    metrics.addRateTotalSensor(
                            SCOPE, entity, event.label().replace('_', '-'), Sensor.RecordingLevel.INFO));
        }
        for (ResultCode code : ResultCode.values()) {
            byCode.put(code, metrics.addRateTotalSensor(SCOPE, entity, operation(code), Sensor.RecordingLevel.INFO));
        }
    }

    /** The metric operation name counting outcomes with this code: {@code applied}, {@code rejected-...}. */
    public static String operation(ResultCode code) {
        return code == ResultCode.APPLIED
                ? "applied"
                : "rejected-" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Counts an outcome: a replay counts as a replay only, not again under its code. */
    public void outcome(UpdateResult result) {
        if (result.replayed()) {
            replayed.record();
            counters.replayed.increment();
        } else {
            byCode.get(result.code()).record();
            counters.byCode.get(result.code()).increment();
        }
    }

    /**
     * Counts a document outcome under its collection; under {@code _other} when it names none that could be read
     * or one the processor is not configured with, so that requests cannot add series.
     */
    public void documentOutcome(java.util.Optional<String> collection, ResultCode code, boolean replayed) {
        DocumentCounters counters = this.counters.documents(collection);
        (replayed ? counters.replayed() : counters.byCode().get(code)).increment();
    }

    /** Counts an append's outcome: a replay counts as a replay only. */
    public void streamOutcome(ResultCode code, boolean replayed) {
        (replayed ? counters.streamReplayed : counters.streamsByCode.get(code)).increment();
    }

    /** Counts events appended to streams. */
    public void eventsAppended(int events) {
        counters.eventsAppended.increment(events);
    }

    public void deadLettered() {
        deadLettered.record();
        counters.deadLettered.increment();
    }

    public void forwardedToKeyPartition() {
        boundary(BoundaryEvent.FORWARDED_WRONG_PARTITION);
    }

    public void replySkipped() {
        boundary(BoundaryEvent.REPLY_SKIPPED);
    }

    public void processingFailed() {
        boundary(BoundaryEvent.PROCESSING_FAILED);
    }

    public void givenUp() {
        boundary(BoundaryEvent.GIVEN_UP);
    }

    private void boundary(BoundaryEvent event) {
        boundary.get(event).record();
        counters.boundary.get(event).increment();
    }
}
