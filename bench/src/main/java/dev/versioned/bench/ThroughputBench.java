package dev.versioned.bench;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.kafka.ReplyTopics;
import dev.versioned.processor.topology.KafkaBoundary;
import dev.versioned.processor.topology.RetryBudget;
import dev.versioned.processor.topology.UpdateTopology;
import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.StackTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Parts a and b: how fast a Kafka Streams application drains the same pre-produced input, for the
 * passthrough, the full topology and the topology without the idempotency store, each as a fresh
 * application (new application id, empty stores) on the same broker with the same settings.
 *
 * <p>Rate = input records / (time from the application reaching RUNNING until its committed offsets
 * cover the whole input). Committed offsets move once per commit interval, so the end time is late by
 * at most one interval (100 ms against runs of several seconds). Writes per update are end-offset
 * sums of every topic the run wrote (transaction markers included), divided by the input count.
 */
final class ThroughputBench {

    /** Which topology a variant runs. */
    enum Kind { PASSTHROUGH, FULL, NO_IDEMPOTENCY }

    /** One configuration to measure; {@code kafka} is added to the product's Streams settings. */
    record Variant(String name, Kind kind, String description, Map<String, String> kafka) {
    }

    static final String INPUT = "bench.tp.requests";
    static final String REPLIES = "inventory.replies.bench-tp";
    private static final String BROKER = "broker";

    private final String bootstrap;
    private final Admin admin;
    private final TopicOffsets offsets;
    private final Path stateRoot;
    private final int records;
    private final long brokerPid;
    private int runs;

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
        admin.createTopics(List.of(new NewTopic(INPUT, StackTopics.PARTITIONS, (short) 1),
                new NewTopic(REPLIES, 1, (short) 1))).all().get();
        return RequestLoad.produce(bootstrap, INPUT, REPLIES, records);
    }

    ThroughputResult run(Variant variant) throws Exception {
        String appId = "bench-" + variant.name() + "-" + (++runs);
        TopicNames topics = new TopicNames(INPUT, appId + ".results", appId + ".state", appId + ".dead-letters",
                "inventory.replies.");
        String passthroughOut = appId + ".out";
        if (variant.kind() == Kind.PASSTHROUGH) {
            admin.createTopics(List.of(new NewTopic(passthroughOut, StackTopics.PARTITIONS, (short) 1))).all().get();
        } else {
            StackTopics.ensure(admin, topics, (short) 1);
        }
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap).withTopics(topics);
        for (var e : variant.kafka().entrySet()) {
            settings = settings.withKafka(e.getKey(), e.getValue());
        }
        Properties props = settings.streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
        Topology topology = switch (variant.kind()) {
            case PASSTHROUGH -> PassthroughTopology.build(INPUT, passthroughOut);
            case FULL -> UpdateTopology.build(settings, boundary());
            case NO_IDEMPOTENCY -> UpdateTopology.buildWithoutIdempotencyForBenchmark(settings, boundary());
        };
        long repliesBefore = offsets.endOffsets(REPLIES);
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
            while (streams.metadataForLocalThreads().stream().noneMatch(t -> t.threadState().equals("RUNNING"))) {
                check(streams, deadline, "start a stream thread");
                Thread.sleep(2);
            }
            long t0 = System.nanoTime();
            CpuClock clock = new CpuClock(Map.of(BROKER, brokerPid));
            deadline = t0 + Duration.ofSeconds(600).toNanos();
            while (offsets.committed(appId, INPUT) < records) {
                check(streams, deadline, "drain the input");
                Thread.sleep(20);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu = clock.usPer(records);
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(60)));
            streams.cleanUp();
        }
        Map<String, Long> written = new LinkedHashMap<>();
        if (variant.kind() == Kind.PASSTHROUGH) {
            written.put("output", offsets.endOffsets(passthroughOut));
        } else {
            written.put("results", offsets.endOffsets(topics.results()));
            written.put("replies", offsets.endOffsets(REPLIES) - repliesBefore);
            written.put("state", offsets.endOffsets(topics.state()));
            written.put("inventory changelog", offsets.endOffsets(appId + "-inventory-store-changelog"));
            if (variant.kind() == Kind.FULL) {
                written.put("idempotency changelog", offsets.endOffsets(appId + "-idempotency-store-changelog"));
            }
            written.put("dead letters", offsets.endOffsets(topics.deadLetters()));
        }
        List<String> cleanup = new ArrayList<>(List.of(passthroughOut, topics.results(), topics.state(),
                topics.deadLetters(), appId + "-inventory-store-changelog", appId + "-idempotency-store-changelog"));
        offsets.delete(cleanup);
        TempDirs.delete(stateRoot.resolve(appId));
        return new ThroughputResult(variant.name(), variant.kind().name(), variant.description(), records, seconds,
                records / seconds, written, cpu.get(CpuClock.BENCH), cpu.get(BROKER));
    }

    private static void check(KafkaStreams streams, long deadline, String what) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("streams failed to " + what + ": " + streams.state());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for streams to " + what);
        }
    }

    /** The input's partitions; the one reply topic is created before the run, so it is not checked. */
    private static KafkaBoundary boundary() {
        return new KafkaBoundary(StackTopics.PARTITIONS, ReplyTopics.assumeWritable(), new RetryBudget());
    }
}
