package dev.versioned.bench;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.StateReader;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Part d (a): where one conditional read-modify-write cycle on a hot product spends its time, for one writer,
 * over HTTP (the gateway) and over Kafka directly (the same producer and {@code read_committed} reply consumer
 * settings as {@code KafkaInventory}, from {@link KafkaClients}, with the timing points exposed).
 *
 * <p>Each cycle sends ADJUST +1 at the version the previous reply named (no read in between, as a single writer
 * needs none) and is split with timestamps taken on this machine's one clock:
 * <ul>
 *   <li><b>send</b>: Kafka: {@code send()} until the producer's ack (client clock). HTTP: POST until the
 *       gateway's request record was created (its producer's {@code CreateTime}, read back from the requests
 *       topic);</li>
 *   <li><b>decide</b>: from there until the processor's reply was appended to the reply topic (the reply
 *       topic uses {@code LogAppendTime}, so the reply record's timestamp is the broker's append time);</li>
 *   <li><b>commit</b>: reply appended until the reply partition's last stable offset passed it (a
 *       {@code read_committed} {@code endOffsets} probe every {@link #LSO_PROBE}: the transaction's marker is
 *       written; resolution about a millisecond plus one round trip);</li>
 *   <li><b>reply</b>: from then until the answer reached the writer (the reply consumer's fetch, and over HTTP
 *       the gateway's answer).</li>
 * </ul>
 * The times of the broker are whole milliseconds. Then, in a second half of the run, each cycle also reads
 * the product until it shows the new version: <b>view</b> (over HTTP a GET without {@code minVersion}, the
 * gateway's state view; over Kafka the client's {@link StateReader}), and applied/s of that half counts it.
 */
final class HotRowCycle {

    static final Duration LSO_PROBE = Duration.ofMillis(1);
    private static final String STORE = "store-1";
    private static final String API_KEY = "demo-all-stores";

    /** Median and 90th percentile of each part, in milliseconds; applied/s with and without the view read. */
    record Split(
            String path,
            String product,
            int cycles,
            double appliedPerSecond,
            double appliedWithViewPerSecond,
            Map<String, double[]> partsMs,
            long conflicts,
            long errors) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format(
                    "hot-row cycle %s: %d cycles, %.1f applied/s (%.1f/s with the view read);",
                    path, cycles, appliedPerSecond, appliedWithViewPerSecond));
            partsMs.forEach((k, v) -> s.append(String.format(" %s %.1f/%.1f", k, v[0], v[1])));
            return s.append(" ms (median/p90); conflicts ")
                    .append(conflicts)
                    .append(", errors ")
                    .append(errors)
                    .toString();
        }
    }

    /** One cycle's points: nanoTime of send, ack (Kafka), answer; wall-clock ms of the broker's records. */
    private static final class Cycle {
        final String key;
        long sent;
        long acked = -1;
        long answered;
        long viewed = -1;
        long newVersion;

        Cycle(String key) {
            this.key = key;
        }
    }

    private final String bootstrap;
    private final TopicNames topics;
    private final String replyTopic;
    /** Wall-clock epoch ms of nanoTime 0, to put broker timestamps on the nanoTime line. */
    private final double wallOffsetMs;

    private final Map<String, long[]> requestCreated = new ConcurrentHashMap<>();
    private final Map<String, long[]> replyAppended = new ConcurrentHashMap<>();
    private final List<long[]> lso = new ArrayList<>();
    private volatile boolean observing = true;

    private HotRowCycle(String bootstrap, TopicNames topics, String replyTopic) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.replyTopic = replyTopic;
        this.wallOffsetMs = System.currentTimeMillis() - System.nanoTime() / 1e6;
    }

    /** Over the gateway; its reply topic must use LogAppendTime ({@link BenchStackMain} creates it so). */
    static Split http(
            String baseUrl,
            String bootstrap,
            TopicNames topics,
            String gatewayReplyTopic,
            String product,
            Duration duration,
            String label)
            throws Exception {
        HotRowCycle c = new HotRowCycle(bootstrap, topics, gatewayReplyTopic);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return c.measure("HTTP" + label, product, duration, new Writer() {
            @Override
            public UpdateResult write(Cycle cycle, long version) throws Exception {
                String body = "{\"storeId\":\"" + STORE + "\",\"productId\":\"" + product
                        + "\",\"delta\":1,\"version\":" + version + ",\"idempotencyKey\":\"" + cycle.key + "\"}";
                cycle.sent = System.nanoTime();
                HttpResponse<byte[]> r = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/updates"))
                                .header("X-API-Key", API_KEY)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(12))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                cycle.answered = System.nanoTime();
                return r.statusCode() == 200 || r.statusCode() == 409
                        ? WireSerdes.UPDATE_RESULT.fromBytes(r.body())
                        : null;
            }

            @Override
            public long view() throws Exception {
                HttpResponse<byte[]> r = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/inventory/" + product + "?storeId=" + STORE))
                                .header("X-API-Key", API_KEY)
                                .timeout(Duration.ofSeconds(12))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                return r.statusCode() == 200
                        ? WireSerdes.INVENTORY_RECORD.fromBytes(r.body()).version()
                        : 0;
            }

            @Override
            public void close() {}
        });
    }

    /** Straight over Kafka, with its own reply topic (LogAppendTime). */
    static Split kafka(String bootstrap, TopicNames topics, String product, Duration duration, String label)
            throws Exception {
        String replyTopic = topics.replyPrefix() + "bench-cycle-"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(replyTopic, 1, (short) 1)
                            .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        HotRowCycle c = new HotRowCycle(bootstrap, topics, replyTopic);
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", bootstrap), "bench-cycle");
        KafkaProducer<String, byte[]> producer = clients.producer(5_000);
        KafkaConsumer<String, byte[]> replies = clients.consumer("replies", "latest");
        TopicPartition tp = new TopicPartition(replyTopic, 0);
        replies.assign(List.of(tp));
        replies.seekToEnd(List.of(tp));
        replies.position(tp, Duration.ofSeconds(30));
        StateReader state = new StateReader(clients, topics.state(), Duration.ofSeconds(30));
        return c.measure("Kafka" + label, product, duration, new Writer() {
            @Override
            public UpdateResult write(Cycle cycle, long version) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(ReplyHeaders.CORRELATION_ID, cycle.key.getBytes(StandardCharsets.UTF_8));
                headers.add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
                UpdateRequest request = UpdateRequest.adjust(STORE, product, 1, version, cycle.key);
                cycle.sent = System.nanoTime();
                producer.send(
                        new ProducerRecord<>(
                                topics.requests(), null, product, WireSerdes.UPDATE_REQUEST.toBytes(request), headers),
                        (m, e) -> cycle.acked = System.nanoTime());
                long deadline = cycle.sent + TimeUnit.SECONDS.toNanos(12);
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(100))) {
                        UpdateResult result = WireSerdes.UPDATE_RESULT.fromBytes(r.value());
                        if (result.idempotencyKey().orElse("").equals(cycle.key)) {
                            cycle.answered = System.nanoTime();
                            return result;
                        }
                    }
                }
                return null;
            }

            @Override
            public long view() {
                return state.read(new RecordKey(STORE, product))
                        .map(r -> r.version())
                        .orElse(0L);
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(5));
                replies.close();
                state.close();
            }
        });
    }

    private interface Writer extends AutoCloseable {
        /** Sends one conditional ADJUST +1 and waits for its result; fills the cycle's client points. */
        UpdateResult write(Cycle cycle, long version) throws Exception;

        /** The version a read shows now. */
        long view() throws Exception;
    }

    private Split measure(String path, String product, Duration duration, Writer writer) throws Exception {
        List<Thread> observers = List.of(
                observer("requests", topics.requests(), partitionOf(product), true),
                observer("replies", replyTopic, 0, false),
                lsoProbe());
        // The observers took their positions when they were made, so nothing sent from here on is missed.
        observers.forEach(Thread::start);
        List<Cycle> tight = new ArrayList<>();
        List<Cycle> viewed = new ArrayList<>();
        long[] counts = new long[2]; // conflicts, errors
        long version = writer.view();
        long half = duration.toNanos() / 2;
        double[] seconds = new double[2];
        try (writer) {
            for (int phase = 0; phase < 2; phase++) {
                List<Cycle> cycles = phase == 0 ? tight : viewed;
                long start = System.nanoTime();
                long seq = 0;
                while (System.nanoTime() - start < half) {
                    Cycle cycle = new Cycle("cyc-" + path.replaceAll("[^A-Za-z0-9]", "") + "-" + phase + "-"
                            + UUID.randomUUID().toString().substring(0, 8) + "-" + seq++);
                    UpdateResult result = writer.write(cycle, version);
                    if (result == null) {
                        counts[1]++;
                        version = writer.view();
                        continue;
                    }
                    if (!result.applied()) {
                        counts[0]++;
                        version = result.currentVersion().orElse(version);
                        continue;
                    }
                    version = result.newVersion().orElseThrow();
                    cycle.newVersion = version;
                    if (phase == 1) {
                        while (writer.view() < version
                                && System.nanoTime() - cycle.answered < TimeUnit.SECONDS.toNanos(5)) {
                            Thread.onSpinWait();
                        }
                        cycle.viewed = System.nanoTime();
                    }
                    cycles.add(cycle);
                }
                seconds[phase] = (System.nanoTime() - start) / 1e9;
            }
            awaitObserved(tight, viewed);
        } finally {
            observing = false;
            for (Thread t : observers) {
                t.join(10_000);
            }
        }
        List<Cycle> all = new ArrayList<>(tight);
        all.addAll(viewed);
        Map<String, double[]> parts = new java.util.LinkedHashMap<>();
        parts.put("total", stats(tight, c -> (c.answered - c.sent) / 1e6));
        parts.put("send", stats(all, c -> c.acked > 0 ? (c.acked - c.sent) / 1e6 : created(c) - ms(c.sent)));
        parts.put("decide", stats(all, c -> appended(c) - (c.acked > 0 ? ms(c.acked) : created(c))));
        parts.put("commit", stats(all, c -> committed(c) - appended(c)));
        parts.put("reply", stats(all, c -> ms(c.answered) - committed(c)));
        parts.put("view", stats(viewed, c -> (c.viewed - c.answered) / 1e6));
        return new Split(
                path,
                product,
                all.size(),
                tight.size() / seconds[0],
                viewed.size() / seconds[1],
                parts,
                counts[0],
                counts[1]);
    }

    /**
     * Waits (at most 10 s) until the observers have seen every cycle's reply appended and committed, and its
     * request created when the writer did not see the ack itself (HTTP); what is still missing then is left
     * out of the medians, as before.
     */
    private void awaitObserved(List<Cycle> tight, List<Cycle> viewed) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !(observed(tight) && observed(viewed))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private boolean observed(List<Cycle> cycles) {
        return cycles.stream().allMatch(c -> !Double.isNaN(committed(c)) && (c.acked > 0 || !Double.isNaN(created(c))));
    }

    private double ms(long nanoTime) {
        return wallOffsetMs + nanoTime / 1e6;
    }

    private double created(Cycle c) {
        long[] v = requestCreated.get(c.key);
        return v == null ? Double.NaN : v[0];
    }

    private double appended(Cycle c) {
        long[] v = replyAppended.get(c.key);
        return v == null ? Double.NaN : v[0];
    }

    /** When the probe first saw the reply partition's last stable offset past the reply. */
    private double committed(Cycle c) {
        long[] v = replyAppended.get(c.key);
        if (v == null) {
            return Double.NaN;
        }
        synchronized (lso) {
            for (long[] sample : lso) {
                if (sample[1] > v[1]) {
                    return ms(sample[0]);
                }
            }
        }
        return Double.NaN;
    }

    private static double[] stats(List<Cycle> cycles, java.util.function.ToDoubleFunction<Cycle> part) {
        double[] v = cycles.stream()
                .mapToDouble(part)
                .filter(d -> !Double.isNaN(d))
                .sorted()
                .toArray();
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {v[(v.length - 1) / 2], v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.9) - 1)]};
    }

    private int partitionOf(String product) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            int n = admin.describeTopics(List.of(topics.requests()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topics.requests())
                    .partitions()
                    .size();
            return KeyPartitions.partitionOf(product, n);
        }
    }

    /** Reads a partition {@code read_uncommitted} from its end: request creation times, or reply append times. */
    private Thread observer(String name, String topic, int partition, boolean requests) {
        KafkaConsumer<String, byte[]> consumer = consumer(name, "read_uncommitted");
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp, Duration.ofSeconds(30));
        return new Thread(
                () -> {
                    try (consumer) {
                        while (observing) {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                try {
                                    if (requests) {
                                        requestCreated.put(
                                                WireSerdes.UPDATE_REQUEST
                                                        .fromBytes(r.value())
                                                        .idempotencyKey(),
                                                new long[] {r.timestamp(), r.offset()});
                                    } else {
                                        WireSerdes.UPDATE_RESULT
                                                .fromBytes(r.value())
                                                .idempotencyKey()
                                                .ifPresent(k ->
                                                        replyAppended.put(k, new long[] {r.timestamp(), r.offset()}));
                                    }
                                } catch (RuntimeException e) {
                                    // not one of ours (or not a request): skipped
                                }
                            }
                        }
                    }
                },
                "cycle-observer-" + name);
    }

    /** The reply partition's last stable offset, probed every {@link #LSO_PROBE}; records each change. */
    private Thread lsoProbe() {
        KafkaConsumer<String, byte[]> consumer = consumer("lso", "read_committed");
        TopicPartition tp = new TopicPartition(replyTopic, 0);
        return new Thread(
                () -> {
                    try (consumer) {
                        long last = -1;
                        while (observing) {
                            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(5))
                                    .get(tp);
                            long now = System.nanoTime();
                            if (end != last) {
                                synchronized (lso) {
                                    lso.add(new long[] {now, end});
                                }
                                last = end;
                            }
                            LockSupport.parkNanos(LSO_PROBE.toNanos());
                        }
                    }
                },
                "cycle-lso-probe");
    }

    private KafkaConsumer<String, byte[]> consumer(String name, String isolation) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "bench-cycle-" + name);
        p.put("isolation.level", isolation);
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(
                p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }
}
