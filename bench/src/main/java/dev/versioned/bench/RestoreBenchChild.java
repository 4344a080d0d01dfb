package dev.versioned.bench;

import dev.versioned.processor.ProcessorApp;
import dev.versioned.processor.config.ProcessorSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * One processor instance ({@link ProcessorApp}, the product's settings) of the restore bench, in a JVM of its
 * own so that it can be stopped or killed ({@link RestoreBench} starts them). It prints, with the wall clock
 * in epoch milliseconds ({@code at}) so that the parent can relate them to a kill:
 *
 * <ul>
 *   <li>{@code RESTORED store=... partition=... records=... ms=...} when a changelog partition's restore
 *       ends (the processor's restore listener, through {@code ProcessorHealth.alsoNotify});
 *   <li>{@code STATUS at=... ready=... active=... standby=... restored=... restoresEnded=...} whenever its
 *       readiness ({@code ProcessorHealth.readiness}) or its count of active tasks changes;
 *   <li>{@code LAG at=... ready=... active=... standby=... lag=...} every second: {@code lag} is the offsets
 *       behind the changelogs' ends summed over every local store, standbys included (a few remain: markers).
 * </ul>
 *
 * <p>Arguments: bootstrap servers, topic prefix, state directory, standby replicas, the client id's suffix,
 * then extra Kafka Streams properties ({@code key=value}).
 */
public final class RestoreBenchChild {

    private RestoreBenchChild() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String prefix = args[1];
        Path stateDir = Path.of(args[2]);
        String standbys = args[3];
        String instance = args[4];
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap)
                .withTopics(BenchStackMain.topics(prefix))
                .withUnconditionalAdjust(true)
                .withKafka(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "processor")
                .withKafka(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .withKafka(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys)
                .withKafka(StreamsConfig.CLIENT_ID_CONFIG, prefix + instance);
        for (int i = 5; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings = settings.withKafka(kv[0], kv[1]);
        }
        ProcessorApp app = new ProcessorApp(settings);
        AtomicLong restored = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
        app.health().alsoNotify(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                startedAt.put(partition, System.nanoTime());
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long end, long count) {}

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
                restored.addAndGet(total);
                ended.incrementAndGet();
                long began = startedAt.getOrDefault(partition, System.nanoTime());
                System.out.printf(
                        "RESTORED store=%s partition=%d records=%d ms=%d at=%d%n",
                        store,
                        partition.partition(),
                        total,
                        (System.nanoTime() - began) / 1_000_000,
                        System.currentTimeMillis());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "restore-bench-child-shutdown"));
        System.out.println("STARTING at=" + System.currentTimeMillis());
        app.start();
        boolean lastReady = false;
        int lastActive = -1;
        long lastLag = 0;
        while (app.state() != KafkaStreams.State.NOT_RUNNING && app.state() != KafkaStreams.State.ERROR) {
            boolean ready = app.health().readiness().up();
            int active = 0;
            int standby = 0;
            for (var thread : app.streams().metadataForLocalThreads()) {
                active += thread.activeTasks().size();
                standby += thread.standbyTasks().size();
            }
            if (ready != lastReady || active != lastActive) {
                System.out.printf(
                        "STATUS at=%d ready=%s active=%d standby=%d restored=%d restoresEnded=%d%n",
                        System.currentTimeMillis(), ready, active, standby, restored.get(), ended.get());
                lastReady = ready;
                lastActive = active;
            }
            if (System.nanoTime() - lastLag > 1_000_000_000L) {
                System.out.printf(
                        "LAG at=%d ready=%s active=%d standby=%d lag=%d%n",
                        System.currentTimeMillis(), ready, active, standby, lag(app.streams()));
                lastLag = System.nanoTime();
            }
            Thread.sleep(20); // a probe of the instance's own state, as a readiness probe would poll it
        }
    }

    /** Offsets behind the changelogs' ends, summed over every local store (active and standby). */
    private static long lag(KafkaStreams streams) {
        try {
            return streams.allLocalStorePartitionLags().values().stream()
                    .flatMap(byPartition -> byPartition.values().stream())
                    .mapToLong(LagInfo::offsetLag)
                    .sum();
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // rebalancing: not yet known
        }
    }
}
