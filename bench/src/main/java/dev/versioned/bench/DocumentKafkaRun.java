package dev.versioned.bench;

import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.topology.StreamsProperties;
import dev.versioned.processor.topology.UpdateTopology;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.stack.StackTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One Kafka run of the documents bench: the product's topology ({@link UpdateTopology#build}, exactly-once,
 * the product's Streams settings, the example collections and the bench's collection) as a fresh application
 * (new application id, new topics, empty stores) on the bench's broker, fed by W writers for a warm-up and a
 * measured window.
 *
 * <p>Each writer has its own producer (acks=all, idempotent) and owns the ids {@code i} with {@code i mod W = w}:
 * it writes them round robin, each at the version its previous write made (it knows them: nobody else writes
 * its ids, and a key's requests stay in order on its partition), so every write applies. A writer keeps at most
 * {@code window} requests undecided (a permit per request, given back when its outcome is read), so the
 * processor always has input and the backlog stays bounded. Each request carries a correlation id and a reply
 * topic, as the gateway's do. The rate is the outcomes read ({@code read_committed}) from the results topic
 * during the window, divided by the window.
 */
final class DocumentKafkaRun {

    /** What the writers send: documents of {@link DocumentLoad}, or conditional inventory ADJUSTs. */
    enum Workload {
        DOCUMENTS,
        INVENTORY
    }

    static final String SERVER = "server";

    private final String bootstrap;
    private final Admin admin;
    private final Path stateRoot;
    private final TopicOffsets offsets;
    private int runs;

    private final long brokerPid;

    DocumentKafkaRun(String bootstrap, long brokerPid, Admin admin, Path stateRoot) {
        this.bootstrap = bootstrap;
        this.brokerPid = brokerPid;
        this.admin = admin;
        this.stateRoot = stateRoot;
        this.offsets = new TopicOffsets(admin);
    }

    /** The processor's settings of a run: the product's defaults, this run's topics, the collections. */
    static ProcessorSettings settings(String bootstrap, TopicNames topics, String documentsPrefix) {
        DocumentSettings documents = new DocumentSettings(
                        documentsPrefix + ".results",
                        documentsPrefix + ".state",
                        DocumentSettings.DEFAULT_MAX_DOCUMENT_BYTES,
                        Map.of())
                .withExampleCollections()
                .withCollection(DocumentLoad.schema());
        return ProcessorSettings.defaults(bootstrap).withTopics(topics).withDocuments(documents);
    }

    DocumentRun run(
            String variant,
            Workload workload,
            int writers,
            int window,
            Duration warmup,
            Duration measure,
            int round,
            int position)
            throws Exception {
        String appId = "bench-" + variant + "-" + (++runs);
        TopicNames topics = new TopicNames(
                appId + ".requests",
                appId + ".results",
                appId + ".state",
                appId + ".dead-letters",
                "inventory.replies.");
        String replies = topics.replyPrefix() + appId;
        ProcessorSettings settings = settings(bootstrap, topics, appId + ".documents");
        StackTopics.ensure(admin, topics, (short) 1);
        admin.createTopics(List.of(
                        new NewTopic(settings.documents().resultsTopic(), StackTopics.PARTITIONS, (short) 1),
                        new NewTopic(settings.documents().stateTopic(), StackTopics.PARTITIONS, (short) 1)
                                .configs(Map.of("cleanup.policy", "compact")),
                        new NewTopic(replies, 1, (short) 1)))
                .all()
                .get();
        String results = workload == Workload.DOCUMENTS ? settings.documents().resultsTopic() : topics.results();
        Properties props = StreamsProperties.of(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());

        Semaphore[] permits = new Semaphore[writers];
        for (int w = 0; w < writers; w++) {
            permits[w] = new Semaphore(window);
        }
        AtomicLong sent = new AtomicLong();
        AtomicLong decided = new AtomicLong();
        AtomicLong applied = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean stopWriters = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        List<Thread> writerThreads = new ArrayList<>();
        KafkaStreams streams = new KafkaStreams(UpdateTopology.build(settings, ThroughputBench.boundary()), props);
        try {
            threads.add(
                    start("count-" + appId, () -> count(results, writers, permits, decided, applied, stop), failure));
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (streams.metadataForLocalThreads().stream()
                    .noneMatch(t -> t.threadState().equals("RUNNING"))) {
                ThroughputBench.check(streams, deadline, "start a stream thread");
                Thread.sleep(2);
            }
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writerThreads.add(start(
                        "writer-" + w,
                        () -> write(
                                workload,
                                topics.requests(),
                                replies,
                                writer,
                                writers,
                                permits[writer],
                                sent,
                                stopWriters),
                        failure));
            }
            Runnable progress = () -> {
                try {
                    System.out.printf(
                            "    %s: sent %,d, decided %,d, group committed %,d of the requests%n",
                            appId, sent.get(), decided.get(), offsets.committed(appId, topics.requests()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            await(streams, failure, warmup, progress);
            long n0 = decided.get();
            long a0 = applied.get();
            long t0 = System.nanoTime();
            CpuClock cpu = new CpuClock(Map.of(SERVER, brokerPid));
            await(streams, failure, measure, progress);
            long n1 = decided.get();
            long a1 = applied.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> us = cpu.usPer(n1 - n0);
            // Then every request sent is decided before the application stops, so that what the run wrote to
            // Kafka divides by the requests sent.
            stopWriters.set(true);
            for (Thread t : writerThreads) {
                t.join(30_000);
            }
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (decided.get() < sent.get()) {
                ThroughputBench.check(streams, drainDeadline, "decide every request sent");
                Thread.sleep(20);
            }
            streams.close(CloseOptions.timeout(Duration.ofSeconds(60)));
            Map<String, Double> records = new TreeMap<>();
            Map<String, Double> bytes = new TreeMap<>();
            written(appId, replies, sent.get(), records, bytes);
            return new DocumentRun(
                    variant,
                    round,
                    position,
                    seconds,
                    n1 - n0,
                    a1 - a0,
                    us.get(CpuClock.BENCH),
                    us.get(SERVER),
                    records,
                    bytes);
        } finally {
            stop.set(true);
            stopWriters.set(true);
            for (Thread t : writerThreads) {
                t.join(30_000);
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            streams.close(CloseOptions.timeout(Duration.ofSeconds(60)));
            streams.cleanUp();
            offsets.delete(ownTopics(appId, replies));
            TempDirs.delete(stateRoot.resolve(appId));
        }
    }

    private List<String> ownTopics(String appId, String replies) throws InterruptedException {
        List<String> own = new ArrayList<>(offsets.named(appId + "."));
        own.addAll(offsets.named(appId + "-"));
        own.add(replies);
        return own;
    }

    /**
     * Records (end offsets: transaction markers included, one per partition per transaction) and bytes on the
     * broker's disk per request sent, for every topic of the run, by the topic's name without the run's prefix;
     * {@code requests} is the input.
     */
    private void written(
            String appId, String replies, long sent, Map<String, Double> records, Map<String, Double> bytes)
            throws InterruptedException {
        List<String> own = ownTopics(appId, replies);
        Map<String, Long> onDisk = offsets.bytesOnDisk(own);
        offsets.byPartition(own, true)
                .forEach((tp, end) ->
                        records.merge(label(appId, replies, tp.topic()), (double) end / sent, Double::sum));
        onDisk.forEach((topic, b) -> bytes.put(label(appId, replies, topic), (double) b / sent));
    }

    private static String label(String appId, String replies, String topic) {
        return topic.equals(replies) ? "replies" : topic.substring(appId.length() + 1);
    }

    /** Waits {@code time}, failing early if the application or a writer failed. */
    private static void await(
            KafkaStreams streams, AtomicReference<Exception> failure, Duration time, Runnable progress)
            throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        long nextProgress = System.nanoTime();
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextProgress) {
                progress.run();
                nextProgress += 5_000_000_000L;
            }
            ThroughputBench.check(streams, Long.MAX_VALUE, "keep running");
            if (failure.get() != null) {
                throw new IllegalStateException("a writer or the counter failed", failure.get());
            }
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, Body body, AtomicReference<Exception> failure) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One writer: its share of the ids, round robin, each at the version its previous write made. */
    private void write(
            Workload workload,
            String requests,
            String replies,
            int writer,
            int writers,
            Semaphore permits,
            AtomicLong sent,
            AtomicBoolean stop)
            throws InterruptedException {
        List<Integer> mine = new ArrayList<>();
        for (int i = writer; i < BenchMode.PRODUCTS; i += writers) {
            mine.add(i);
        }
        long[] versions = new long[mine.size()];
        byte[] replyTopic = replies.getBytes(StandardCharsets.UTF_8);
        Properties props = RequestLoad.producerProps(bootstrap);
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long seq = 0;
            int next = 0;
            while (!stop.get()) {
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("send failed", sendFailure.get());
                }
                int slot = next;
                next = (next + 1) % mine.size();
                int i = mine.get(slot);
                String key = "w" + writer + "-" + seq;
                String recordKey;
                byte[] value;
                if (workload == Workload.DOCUMENTS) {
                    recordKey = DocumentLoad.id(i);
                    value = WireSerdes.DOCUMENT_REQUEST.toBytes(DocumentLoad.request(i, versions[slot], seq, key));
                } else {
                    recordKey = RequestLoad.product(i);
                    value = WireSerdes.UPDATE_REQUEST.toBytes(
                            UpdateRequest.adjust(RequestLoad.STORE, recordKey, 1, versions[slot], key));
                }
                versions[slot]++;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(requests, recordKey, value);
                record.headers().add(ReplyHeaders.CORRELATION_ID, key.getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReplyHeaders.REPLY_TOPIC, replyTopic);
                producer.send(record, (md, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
                seq++;
                sent.incrementAndGet();
            }
        }
    }

    /** Reads the outcomes as they are committed, counts them, and gives their writers' permits back. */
    private void count(
            String results,
            int writers,
            Semaphore[] permits,
            AtomicLong decided,
            AtomicLong applied,
            AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        byte[] appliedTrue = "\"applied\":true".getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            // Assigned, not looked up: a topic created a moment ago may not be in this client's metadata yet.
            consumer.assign(IntStream.range(0, StackTopics.PARTITIONS)
                    .mapToObj(p -> new TopicPartition(results, p))
                    .toList());
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (contains(r.value(), appliedTrue)) {
                        applied.incrementAndGet();
                    }
                    decided.incrementAndGet();
                    permits[DocumentLoad.index(r.key()) % writers].release();
                }
            }
        }
    }

    private static boolean contains(byte[] value, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= value.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (value[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
