package dev.versioned.bench;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.kafka.ReplyTopics;
import dev.versioned.processor.topology.KafkaBoundary;
import dev.versioned.processor.topology.RetryBudget;
import dev.versioned.processor.topology.StreamsProperties;
import dev.versioned.processor.topology.TopologyOptions;
import dev.versioned.processor.topology.UpdateTopology;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Parts a and b: how fast a Kafka Streams application drains the same pre-produced input, for each variant
 * (two references, the deployed design and two variants of it), each run a fresh application (new
 * application id, empty stores) on the same broker with the product's Streams settings.
 *
 * <p>Rate = input records / (time from the first stream thread RUNNING until the group's committed offsets
 * cover the whole input). Committed offsets move once per commit interval, so the end time is late by at
 * most one interval (100 ms against runs of several seconds). After each run, everything it wrote is read
 * back ({@link ThroughputWrites}): records and transaction markers per topic.
 *
 * <p>{@link #measure} runs discarded warm-up passes, then rounds: every variant once per round, in a
 * freshly shuffled order, so that ratios can be taken per round between runs that were neighbours in time.
 */
final class ThroughputBench {

    /** Which topology a variant runs. */
    enum Kind {
        PASSTHROUGH,
        FAN_OUT,
        FULL,
        NO_IDEMPOTENCY,
        BEFORE,
        NO_MARKER,
        /** The deployed design deciding appends of one event ({@link AppendLoad}) instead of inventory updates. */
        STREAMS
    }

    /** One configuration to measure; {@code kafka} is added to the product's Streams settings. */
    record Variant(String name, Kind kind, String description, Map<String, String> kafka) {
        Variant(String name, Kind kind, String description) {
            this(name, kind, description, Map.of());
        }
    }

    static final String PASSTHROUGH = "passthrough";
    static final String FAN_OUT = "fan-out";
    static final String FULL = "full";
    static final String NO_IDEMPOTENCY = "no-idempotency";
    static final String BEFORE = "before";
    static final String NO_MARKER = "no-marker";
    static final String STREAMS = "streams";

    /** The variants of parts a and b, each run once per round. */
    static final List<Variant> VARIANTS = List.of(
            new Variant(PASSTHROUGH, Kind.PASSTHROUGH, "one record in, the same bytes out, no store"),
            new Variant(
                    FAN_OUT,
                    Kind.FAN_OUT,
                    "no parsing or checks; per request a result, a reply and a put into a"
                            + " cached, changelogged store; state per product per commit (request's partition): the design's limit"),
            new Variant(FULL, Kind.FULL, "UpdateTopology.build: the deployed design"),
            new Variant(
                    NO_IDEMPOTENCY,
                    Kind.NO_IDEMPOTENCY,
                    "buildWithoutIdempotencyForBenchmark: versions checked," + " no duplicate detection"),
            new Variant(
                    BEFORE,
                    Kind.BEFORE,
                    "TopologyOptions.KEYED_IDEMPOTENCY_STATE_PER_UPDATE: keyed idempotency"
                            + " entry per outcome, state record per update on the default partitioner's partition"),
            new Variant(
                    NO_MARKER,
                    Kind.NO_MARKER,
                    "TopologyOptions.WITHOUT_APPLIED_KEY_INDEX: the deployed design without the applied-key marker,"
                            + " which let a key reused with other fields and another version apply again once its"
                            + " block of transitions was completed"));

    /**
     * The variants of part f, each run once per round: appends against inventory updates, the same topology and
     * settings on inputs of the same count.
     */
    static final List<Variant> STREAM_VARIANTS = List.of(
            new Variant(
                    STREAMS,
                    Kind.STREAMS,
                    "UpdateTopology.build deciding appends of one ~100-byte event over 1,000 streams, each at the"
                            + " stream's exact version"),
            new Variant(FULL, Kind.FULL, "UpdateTopology.build: the deployed design"));

    static final String INPUT = "bench.tp.requests";
    /** The input of the streams variant (part f): appends keyed by stream. */
    static final String APPENDS = "bench.tp.appends";

    static final String REPLIES = "inventory.replies.bench-tp";
    private static final String BROKER = "broker";

    private final String bootstrap;
    private final Admin admin;
    private final TopicOffsets offsets;
    private final Path stateRoot;
    private final int records;
    private final long brokerPid;
    private int runs;
    private boolean prepared;

    ThroughputBench(String bootstrap, long brokerPid, Admin admin, Path stateRoot, int records) {
        this.bootstrap = bootstrap;
        this.brokerPid = brokerPid;
        this.admin = admin;
        this.offsets = new TopicOffsets(admin);
        this.stateRoot = stateRoot;
        this.records = records;
    }

    /** Creates the input and reply topics and fills the input; returns the producer's records/s. */
    double prepare() throws Exception {
        if (prepared) {
            return Double.NaN;
        }
        prepared = true;
        admin.createTopics(List.of(
                        new NewTopic(INPUT, StackTopics.PARTITIONS, (short) 1), new NewTopic(REPLIES, 1, (short) 1)))
                .all()
                .get();
        return RequestLoad.produce(bootstrap, INPUT, REPLIES, records);
    }

    /** Creates the appends' input (part f) and fills it with as many appends as {@link #prepare} writes updates. */
    double prepareAppends() throws Exception {
        admin.createTopics(List.of(new NewTopic(APPENDS, StackTopics.PARTITIONS, (short) 1)))
                .all()
                .get();
        return AppendLoad.produce(bootstrap, APPENDS, REPLIES, records);
    }

    /**
     * {@code warmups} discarded passes over the variants (the JIT of this JVM and of the broker takes minutes
     * to settle on 2 cores: without them, whichever topology ran first looked up to 5x slower), then
     * {@code rounds} rounds, each variant once per round in the order {@link Rounds#shuffled} gives.
     */
    List<ThroughputResult> measure(List<Variant> variants, int warmups, int rounds, long seed) throws Exception {
        for (int pass = 0; pass < warmups; pass++) {
            for (Variant v : variants) {
                System.out.printf(
                        "warm-up %d %s: %,.0f records/s (discarded)%n",
                        pass + 1, v.name(), run(v, 0).recordsPerSecond());
            }
        }
        List<ThroughputResult> results = new ArrayList<>();
        List<List<Variant>> orders = Rounds.shuffled(variants, rounds, seed);
        for (int r = 0; r < rounds; r++) {
            System.out.println("round " + (r + 1) + ": "
                    + orders.get(r).stream().map(Variant::name).toList());
            for (Variant v : orders.get(r)) {
                ThroughputResult result = run(v, r + 1);
                System.out.println("  " + result);
                results.add(result);
            }
        }
        return results;
    }

    ThroughputResult run(Variant variant, int round) throws Exception {
        long wallStart = System.nanoTime();
        String appId = "bench-" + variant.name() + "-" + (++runs);
        String input = variant.kind() == Kind.STREAMS ? APPENDS : INPUT;
        TopicNames topics = new TopicNames(
                input, appId + ".results", appId + ".state", appId + ".dead-letters", "inventory.replies.");
        String passthroughOut = appId + ".out";
        if (variant.kind() == Kind.PASSTHROUGH) {
            admin.createTopics(List.of(new NewTopic(passthroughOut, StackTopics.PARTITIONS, (short) 1)))
                    .all()
                    .get();
        } else {
            StackTopics.ensure(admin, topics, (short) 1);
        }
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap).withTopics(topics);
        if (variant.kind() == Kind.STREAMS) {
            // The run's own events topic, so that what it wrote there is counted and deleted with the run.
            String events = appId + ".events";
            admin.createTopics(List.of(
                            new NewTopic(events, StackTopics.PARTITIONS, (short) 1).configs(StackTopics.EVENTS)))
                    .all()
                    .get();
            settings = settings.withStreams(settings.streams().withEventsTopic(events));
        }
        for (var e : variant.kafka().entrySet()) {
            settings = settings.withKafka(e.getKey(), e.getValue());
        }
        Properties props = StreamsProperties.of(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
        Topology topology = switch (variant.kind()) {
            case PASSTHROUGH -> PassthroughTopology.build(INPUT, passthroughOut);
            case FAN_OUT -> FanOutPassthroughTopology.build(INPUT, topics.results(), topics.state(), RequestLoad.STORE);
            case FULL, STREAMS -> UpdateTopology.build(settings, boundary());
            case NO_IDEMPOTENCY -> UpdateTopology.buildWithoutIdempotencyForBenchmark(settings, boundary());
            case BEFORE ->
                UpdateTopology.build(settings, boundary(), TopologyOptions.KEYED_IDEMPOTENCY_STATE_PER_UPDATE);
            case NO_MARKER -> UpdateTopology.build(settings, boundary(), TopologyOptions.WITHOUT_APPLIED_KEY_INDEX);
        };
        // The reply topic and the input (where a request on the wrong partition would be forwarded) are shared:
        // only what this run adds to them counts.
        Map<TopicPartition, Long> sharedBefore = offsets.byPartition(List.of(REPLIES, input), true);
        Map<String, Long> sharedBytesBefore = offsets.bytesOnDisk(List.of(REPLIES, input));
        double seconds;
        Map<String, Double> cpu;
        KafkaStreams streams = new KafkaStreams(topology, props);
        try {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // The clock starts when the first stream thread runs, not when the whole instance does: with two
            // threads, the first one drained much of the input while the second was still joining (a 0.01 s
            // "drain" in one round). Pausing until RUNNING is no way out: paused stateful tasks never finish
            // initializing, so the instance never gets there.
            while (streams.metadataForLocalThreads().stream()
                    .noneMatch(t -> t.threadState().equals("RUNNING"))) {
                check(streams, deadline, "start a stream thread");
                Thread.sleep(2);
            }
            long t0 = System.nanoTime();
            CpuClock clock = new CpuClock(Map.of(BROKER, brokerPid));
            deadline = t0 + Duration.ofSeconds(600).toNanos();
            while (offsets.committed(appId, input) < records) {
                check(streams, deadline, "drain the input");
                Thread.sleep(20);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu = clock.usPer(records);
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(60)));
            streams.cleanUp();
        }
        List<String> own =
                new ArrayList<>(offsets.named(appId + ".").stream().sorted().toList());
        own.addAll(offsets.named(appId + "-").stream().sorted().toList());
        List<String> all = new ArrayList<>(own);
        all.addAll(List.of(REPLIES, input));
        // Bytes on the broker's disk: all of the run's own topics, and what it added to the shared ones.
        Map<String, Long> bytesOnDisk = offsets.bytesOnDisk(all);
        sharedBytesBefore.forEach((topic, b) -> bytesOnDisk.merge(topic, -b, Long::sum));
        Map<TopicPartition, Long> start = new HashMap<>(offsets.byPartition(own, false));
        start.putAll(sharedBefore);
        Map<TopicPartition, Long> end = offsets.byPartition(all, true);
        Map<String, ThroughputWrites.Counted> counted = ThroughputWrites.count(bootstrap, start, end, topics.state());
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, Long> markers = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        long stateRecords = 0;
        long stateOnOwn = 0;
        for (var e : counted.entrySet()) {
            String topic = e.getKey();
            if (topic.equals(input)
                    && e.getValue().records() == 0
                    && e.getValue().markers() == 0) {
                continue; // nothing forwarded, as expected: the input is partitioned by murmur2 already
            }
            String label = topic.equals(REPLIES)
                    ? "replies"
                    : topic.equals(input) ? "requests (forwarded)" : topic.substring(appId.length() + 1);
            written.put(label, e.getValue().records());
            markers.put(label, e.getValue().markers());
            bytes.put(label, bytesOnDisk.getOrDefault(topic, 0L));
            if (topic.equals(topics.state())) {
                stateRecords = e.getValue().records();
                stateOnOwn = e.getValue().onRequestPartition();
            }
        }
        offsets.delete(own);
        TempDirs.delete(stateRoot.resolve(appId));
        System.out.printf(
                "    (%s: %.1f s for the whole run, drain %.1f s)%n",
                variant.name(), (System.nanoTime() - wallStart) / 1e9, seconds);
        return new ThroughputResult(
                variant.name(),
                variant.kind().name(),
                variant.description(),
                round,
                records,
                seconds,
                records / seconds,
                written,
                markers,
                stateRecords == 0 ? Double.NaN : stateOnOwn / (double) stateRecords,
                cpu.get(CpuClock.BENCH),
                cpu.get(BROKER),
                bytes);
    }

    static void check(KafkaStreams streams, long deadline, String what) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("streams failed to " + what + ": " + streams.state());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for streams to " + what);
        }
    }

    /** The input's partitions; the one reply topic is created before the run, so it is not checked. */
    static KafkaBoundary boundary() {
        return new KafkaBoundary(StackTopics.PARTITIONS, ReplyTopics.assumeWritable(), new RetryBudget());
    }
}
