package dev.versioned.bench;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.stack.ChildJvm;
import dev.versioned.stack.StackTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a processor's restore costs at scale ({@code ./bench/run restore}). On the bench's broker JVM, one
 * processor instance ({@link RestoreBenchChild}, the real {@code ProcessorApp}) decides the requests of
 * {@link RestoreLoad} for N records ({@code BENCH_RESTORE_RECORDS}, default 1,000,000) until its group has
 * committed them all. It is stopped, its state directory deleted, and it is started again with the same
 * application id: the time until it is ready ({@code ProcessorHealth}, after every changelog partition's
 * restore ended) and until it has answered one new request on each partition, the records restored per store
 * (its restore listener), and the changelogs' bytes on the broker's disk ({@code describeLogDirs}).
 * {@code BENCH_RESTORE_ROUNDS} (default 1) repeats that restore.
 *
 * <p>Then, unless {@code BENCH_RESTORE_FAILOVER=false}, a failover per variant ({@code no-standby},
 * {@code standby}: {@code num.standby.replicas} 0 and 1), in a shuffled order: two instances with fresh state
 * directories restore the same changelogs and share the partitions; once both are caught up (standbys
 * included), one is killed ({@code kill -9}) and the time until the survivor is ready with every task active,
 * and until it has answered a new request on each partition, is measured from the kill. Detecting the dead
 * member takes the consumer's session timeout in both variants.
 */
final class RestoreBench {

    static final List<String> FAILOVER_VARIANTS = List.of("no-standby", "standby");
    private static final String PREFIX = "restore-bench.";
    /** The fields of each kind of line {@link RestoreBenchChild} prints. */
    private static final Map<String, Integer> FIELDS = Map.of("STARTING", 1, "STATUS", 6, "RESTORED", 5, "LAG", 5);

    /** One restart without state. */
    record Restore(
            int round,
            long readyMs,
            long servedMs,
            long launchMs,
            long restoreWindowMs,
            long inventoryRestored,
            long idempotencyRestored,
            long slowestMs) {}

    /** One failover. */
    record Failover(
            int round,
            String variant,
            long readyMs,
            long servedMs,
            long rebalanceMs,
            long restoredAfterKill,
            long restoreWindowMs) {}

    /** A changelog on the broker: partitions, records (end offsets, markers included), bytes on disk. */
    record Changelog(String store, long offsets, long bytes) {}

    private RestoreBench() {}

    static void run(Path out) throws Exception {
        long records = Long.parseLong(System.getenv().getOrDefault("BENCH_RESTORE_RECORDS", "1000000"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_RESTORE_ROUNDS", "1"));
        boolean failover =
                !System.getenv().getOrDefault("BENCH_RESTORE_FAILOVER", "true").equals("false");
        long seed = Rounds.seed();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadAtStart = loadAverage();
        long begun = System.nanoTime();
        System.out.printf(
                "restore bench: %,d records, %d rounds, failover %s, seed %d, load %s%n",
                records, rounds, failover, seed, loadAtStart);
        TopicNames topics = BenchStackMain.topics(PREFIX);
        String replyTopic = topics.replyPrefix() + PREFIX + "bench";
        List<Restore> restores = new ArrayList<>();
        List<Failover> failovers = new ArrayList<>();
        List<Changelog> changelogs = new ArrayList<>();
        double produceRate;
        double decideRate;
        try (TempDirs tmp = new TempDirs()) {
            Path logs = tmp.dir("logs");
            try (BrokerProcess broker = BrokerProcess.start(tmp.dir("broker"), logs);
                    Admin admin = broker.admin()) {
                System.out.println("broker pid " + broker.pid() + " at " + broker.bootstrap());
                StackTopics.ensure(admin, topics, (short) 1);
                admin.createTopics(List.of(new NewTopic(replyTopic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                String bootstrap = broker.bootstrap();
                // Fill: one instance decides every request.
                Path fillDir = tmp.dir("state-fill");
                ChildJvm filler = child("restore-fill", bootstrap, fillDir, 0, logs);
                long requests = RestoreLoad.requests(records);
                try {
                    filler.startAndAwaitLine("STATUS", Duration.ofMinutes(2));
                    long fillStart = System.nanoTime();
                    produceRate = RestoreLoad.produce(bootstrap, topics.requests(), replyTopic, records);
                    System.out.printf("produced %,d requests at %,.0f/s%n", requests, produceRate);
                    awaitCommitted(admin, PREFIX + "processor", topics.requests(), requests, filler);
                    decideRate = requests / ((System.nanoTime() - fillStart) / 1e9);
                    System.out.printf("decided at %,.0f requests/s (from the start of producing)%n", decideRate);
                } finally {
                    filler.stop();
                    TempDirs.delete(fillDir);
                }
                changelogs.add(changelog(admin, InventoryStore.NAME));
                changelogs.add(changelog(admin, IdempotencyStore.NAME));
                changelogs.forEach(c -> System.out.println("  " + c));
                int nonEmpty = nonEmptyChangelogPartitions(admin);
                for (int r = 1; r <= rounds; r++) {
                    Restore restore = restore(bootstrap, topics, replyTopic, r, nonEmpty, tmp, logs);
                    System.out.println("  " + restore);
                    restores.add(restore);
                }
                if (failover) {
                    List<List<String>> orders = Rounds.shuffled(FAILOVER_VARIANTS, rounds, seed);
                    for (int r = 0; r < rounds; r++) {
                        for (String variant : orders.get(r)) {
                            try {
                                Failover f = failover(bootstrap, topics, replyTopic, variant, r + 1, tmp, logs);
                                System.out.println("  " + f);
                                failovers.add(f);
                            } catch (RuntimeException e) {
                                // The restore figures stand without it: reported, and the run goes on.
                                System.out.println("  failover " + variant + " round " + (r + 1) + " failed: " + e);
                            }
                        }
                    }
                }
            }
        }
        String md = RestoreReport.markdown(new RestoreReport.Run(
                startedAt,
                seed,
                records,
                RestoreLoad.requests(records),
                produceRate,
                decideRate,
                loadAtStart,
                loadAverage(),
                (System.nanoTime() - begun) / 1e9,
                changelogs,
                restores,
                failovers));
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("restore.md"), md, StandardCharsets.UTF_8);
    }

    private static ChildJvm child(String name, String bootstrap, Path stateDir, int standbys, Path logs) {
        return child(name, bootstrap, stateDir, standbys, logs, List.of());
    }

    private static ChildJvm child(
            String name, String bootstrap, Path stateDir, int standbys, Path logs, List<String> kafka) {
        List<String> args =
                new ArrayList<>(List.of(bootstrap, PREFIX, stateDir.toString(), String.valueOf(standbys), name));
        args.addAll(kafka);
        return new ChildJvm(
                name,
                List.of("-Xms1g", "-Xmx2g", "-XX:+UseG1GC"),
                RestoreBenchChild.class.getName(),
                args,
                Map.of(),
                logs);
    }

    /**
     * Waits until both instances' latest {@code LAG} lines are ready, share the 6 active tasks, hold
     * {@code standbys} copies of each besides, and are within a few offsets (markers) of every changelog's end.
     */
    private static void awaitShared(Path logA, Path logB, int standbys, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> a = lines(logA, "LAG");
            List<String> b = lines(logB, "LAG");
            if (!a.isEmpty() && !b.isEmpty()) {
                Map<String, String> fa = fields(a.get(a.size() - 1));
                Map<String, String> fb = fields(b.get(b.size() - 1));
                boolean ready = Boolean.parseBoolean(fa.get("ready")) && Boolean.parseBoolean(fb.get("ready"));
                int active = Integer.parseInt(fa.get("active")) + Integer.parseInt(fb.get("active"));
                int standby = Integer.parseInt(fa.get("standby")) + Integer.parseInt(fb.get("standby"));
                long lag = Long.parseLong(fa.get("lag")) + Long.parseLong(fb.get("lag"));
                if (ready
                        && active == StackTopics.PARTITIONS
                        && Integer.parseInt(fa.get("active")) > 0
                        && standby == standbys * StackTopics.PARTITIONS
                        && lag <= 64) {
                    return;
                }
            }
            Thread.sleep(500); // polls the children's logs, bounded by the deadline
        }
        throw new IllegalStateException("the two instances did not share the tasks, caught up, in " + timeout);
    }

    /** Waits until the group has committed every request (its sum of committed offsets on the topic). */
    private static void awaitCommitted(Admin admin, String group, String topic, long requests, ChildJvm processor)
            throws InterruptedException {
        TopicOffsets offsets = new TopicOffsets(admin);
        long last = -1;
        long lastPrint = System.nanoTime();
        while (true) {
            long committed = offsets.committed(group, topic);
            if (committed >= requests) {
                return;
            }
            if (!processor.isAlive()) {
                throw new IllegalStateException("the processor exited while deciding:\n" + processor.tail(40));
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L && committed != last) {
                System.out.printf("  decided %,d of %,d%n", committed, requests);
                last = committed;
                lastPrint = System.nanoTime();
            }
            Thread.sleep(200); // the group commits every 100 ms
        }
    }

    private static Restore restore(
            String bootstrap, TopicNames topics, String replyTopic, int round, int nonEmpty, TempDirs tmp, Path logs)
            throws Exception {
        Path dir = tmp.dir("state-restore-" + round);
        String name = "restore-r" + round;
        ChildJvm jvm = child(name, bootstrap, dir, 0, logs);
        try (ResultWatch watch = ResultWatch.open(bootstrap, topics.results())) {
            long started = System.currentTimeMillis();
            jvm.start();
            Path log = logs.resolve(name + ".log");
            // The probes wait on the requests topic until the instance serves their partitions.
            List<UpdateRequest> probes = RestoreLoad.probes("r" + round, StackTopics.PARTITIONS);
            RestoreLoad.send(bootstrap, topics.requests(), replyTopic, probes);
            long servedAt = watch.awaitAll(probes, Duration.ofMinutes(60), jvm);
            long readyAt = awaitStatus(log, started, true, StackTopics.PARTITIONS, nonEmpty, Duration.ofMinutes(5));
            Map<String, Long> restored = new HashMap<>();
            long slowest = 0;
            long firstStart = Long.MAX_VALUE;
            long lastEnd = 0;
            for (String line : lines(log, "RESTORED")) {
                Map<String, String> f = fields(line);
                restored.merge(f.get("store"), Long.parseLong(f.get("records")), Long::sum);
                long ms = Long.parseLong(f.get("ms"));
                long at = Long.parseLong(f.get("at"));
                slowest = Math.max(slowest, ms);
                firstStart = Math.min(firstStart, at - ms);
                lastEnd = Math.max(lastEnd, at);
            }
            long launched = Long.parseLong(fields(lines(log, "STARTING").get(0)).get("at"));
            return new Restore(
                    round,
                    readyAt - started,
                    servedAt - started,
                    launched - started,
                    lastEnd - firstStart,
                    restored.getOrDefault(InventoryStore.NAME, 0L),
                    restored.getOrDefault(IdempotencyStore.NAME, 0L),
                    slowest);
        } finally {
            jvm.stop();
            TempDirs.delete(dir);
        }
    }

    private static Failover failover(
            String bootstrap, TopicNames topics, String replyTopic, String variant, int round, TempDirs tmp, Path logs)
            throws Exception {
        int standbys = variant.equals("standby") ? 1 : 0;
        Path dirA = tmp.dir("state-" + variant + "-a-" + round);
        Path dirB = tmp.dir("state-" + variant + "-b-" + round);
        String nameB = variant + "-b-r" + round;
        // Both variants: an instance without state counts as caught up, so the first assignment shares the active
        // tasks at once (3 each) instead of keeping them on the first instance behind warm-up replicas; only the
        // standbys differ.
        List<String> kafka = List.of("acceptable.recovery.lag=1000000000000");
        ChildJvm a = child(variant + "-a-r" + round, bootstrap, dirA, standbys, logs, kafka);
        ChildJvm b = child(nameB, bootstrap, dirB, standbys, logs, kafka);
        try (ResultWatch watch = ResultWatch.open(bootstrap, topics.results())) {
            a.start();
            b.start();
            awaitShared(
                    logs.resolve(a.name() + ".log"), logs.resolve(nameB + ".log"), standbys, Duration.ofMinutes(60));
            long killedAt = System.currentTimeMillis();
            a.kill();
            List<UpdateRequest> probes = RestoreLoad.probes(variant + "-r" + round, StackTopics.PARTITIONS);
            RestoreLoad.send(bootstrap, topics.requests(), replyTopic, probes);
            long servedAt = watch.awaitAll(probes, Duration.ofMinutes(60), b);
            Path logB = logs.resolve(nameB + ".log");
            long readyAt = awaitStatus(logB, killedAt, true, StackTopics.PARTITIONS, 0, Duration.ofMinutes(5));
            List<Map<String, String>> after = lines(logB, "RESTORED").stream()
                    .map(RestoreBench::fields)
                    .filter(f -> Long.parseLong(f.get("at")) > killedAt)
                    .toList();
            long restoredAfter = after.stream()
                    .mapToLong(f -> Long.parseLong(f.get("records")))
                    .sum();
            long window = after.isEmpty()
                    ? 0
                    : after.stream()
                                    .mapToLong(f -> Long.parseLong(f.get("at")))
                                    .max()
                                    .orElseThrow()
                            - after.stream()
                                    .mapToLong(f -> Long.parseLong(f.get("at")) - Long.parseLong(f.get("ms")))
                                    .min()
                                    .orElseThrow();
            // The survivor's first change of status after the kill: the group has noticed and rebalances.
            long rebalanceAt = lines(logB, "STATUS").stream()
                    .mapToLong(l -> Long.parseLong(fields(l).get("at")))
                    .filter(at -> at > killedAt)
                    .min()
                    .orElse(readyAt);
            return new Failover(
                    round,
                    variant,
                    readyAt - killedAt,
                    servedAt - killedAt,
                    rebalanceAt - killedAt,
                    restoredAfter,
                    window);
        } finally {
            a.stop();
            b.stop();
            TempDirs.delete(dirA);
            TempDirs.delete(dirB);
        }
    }

    /**
     * The wall-clock time of the first {@code STATUS} line after {@code since} that is ready with
     * {@code active} tasks, after at least {@code restoresEnded} restores ended.
     */
    private static long awaitStatus(
            Path log, long since, boolean ready, int active, int restoresEnded, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines(log, "STATUS")) {
                Map<String, String> f = fields(line);
                if (Long.parseLong(f.get("at")) >= since
                        && Boolean.parseBoolean(f.get("ready")) == ready
                        && Integer.parseInt(f.get("active")) == active
                        && Long.parseLong(f.get("restoresEnded")) >= restoresEnded) {
                    return Long.parseLong(f.get("at"));
                }
            }
            Thread.sleep(100); // polls the child's log, bounded by the deadline
        }
        throw new IllegalStateException("no ready status with " + active + " active tasks in " + log);
    }

    /**
     * The child's lines of one kind that are whole: {@code marker key=value...} with every field the child
     * prints for it (a line of the child's stderr can land inside one of stdout's in the shared log).
     */
    private static List<String> lines(Path log, String marker) throws IOException {
        int expected = FIELDS.get(marker);
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.matches(marker + "( [A-Za-z]+=[A-Za-z0-9._-]+)+"))
                    .filter(l -> fields(l).size() == expected)
                    .toList();
        }
    }

    static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String part : line.trim().split("\\s+")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                f.put(kv[0], kv[1]);
            }
        }
        return f;
    }

    private static String changelogTopic(String store) {
        return PREFIX + "processor-" + store + "-changelog";
    }

    private static Changelog changelog(Admin admin, String store) throws Exception {
        String topic = changelogTopic(store);
        TopicOffsets offsets = new TopicOffsets(admin);
        return new Changelog(
                store,
                offsets.endOffsets(topic),
                offsets.bytesOnDisk(List.of(topic)).get(topic));
    }

    private static int nonEmptyChangelogPartitions(Admin admin) throws InterruptedException {
        Map<TopicPartition, Long> ends = new TopicOffsets(admin)
                .byPartition(List.of(changelogTopic(InventoryStore.NAME), changelogTopic(IdempotencyStore.NAME)), true);
        return (int) ends.values().stream().filter(end -> end > 0).count();
    }

    /** {@code /proc/loadavg}'s three load averages. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A {@code read_committed} reader of the results topic from its end, waiting for the probes' results. */
    private static final class ResultWatch implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;

        private ResultWatch(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        static ResultWatch open(String bootstrap, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolves the end now, before any probe is sent
            return new ResultWatch(consumer);
        }

        /** The wall-clock time when the last probe's result was read. */
        long awaitAll(List<UpdateRequest> probes, Duration timeout, ChildJvm processor) {
            Set<String> waiting = new HashSet<>();
            probes.forEach(p -> waiting.add(p.productId()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline || !processor.isAlive()) {
                    throw new IllegalStateException("probes " + waiting + " not answered:\n" + processor.tail(40));
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    waiting.removeIf(value::contains);
                }
            }
            return System.currentTimeMillis();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
