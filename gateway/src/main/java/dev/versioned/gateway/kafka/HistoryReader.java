package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.schemas.KeyPartitions;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A record's applied changes, read from the results topic (the audit log) on demand. A product's results are
 * all on one partition, the one murmur2 of its productId names ({@link KeyPartitions}): the processor's
 * results sink has no partitioner of its own, so the producer's default puts each result there. One request
 * reads that partition with {@code read_committed} from its beginning (or from a cursor's offset) up to the
 * end offset it found when it started, and stops as soon as the page is full.
 *
 * <p>Nothing is kept between requests but idle consumers: the work is one partition scan per request, so it
 * is bounded three ways. A scan stops after {@code maxScannedRecords} records or at {@code deadline},
 * answering what it found with a cursor to go on from ({@link HistoryPage#complete()} false); at most
 * {@code maxConcurrentScans} scans run at once, each on a consumer of a small pool, and a request beyond
 * that is refused at once ({@link #read} is empty) rather than queued.
 */
public final class HistoryReader implements Managed {

    private static final Duration MAX_POLL = Duration.ofMillis(200);
    /** Metadata and offset look-ups get at least this long, even when the deadline is nearer. */
    private static final Duration MIN_LOOKUP = Duration.ofMillis(500);

    private final KafkaClients clients;
    private final String topic;
    private final int maxScannedRecords;
    private final Duration deadline;
    private final int maxConcurrentScans;
    private final Semaphore scans;
    private final Deque<KafkaConsumer<String, byte[]>> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean stopped;

    public HistoryReader(
            KafkaClients clients, String topic, int maxScannedRecords, Duration deadline, int maxConcurrentScans) {
        this.clients = clients;
        this.topic = topic;
        this.maxScannedRecords = maxScannedRecords;
        this.deadline = deadline;
        this.maxConcurrentScans = maxConcurrentScans;
        this.scans = new Semaphore(maxConcurrentScans);
    }

    /**
     * One page of the record's history; empty when {@code maxConcurrentScans} scans are running already.
     *
     * @throws KafkaException when the results topic cannot be read (unreachable, missing, a look-up timed out)
     */
    public Optional<HistoryPage> read(HistoryQuery query) {
        if (!scans.tryAcquire()) {
            return Optional.empty();
        }
        try {
            KafkaConsumer<String, byte[]> consumer = borrow();
            boolean healthy = false;
            try {
                HistoryPage page = scan(consumer, query, System.nanoTime() + deadline.toNanos());
                healthy = true;
                return Optional.of(page);
            } finally {
                giveBack(consumer, healthy);
            }
        } finally {
            scans.release();
        }
    }

    /** Scans running now. */
    int runningScans() {
        return maxConcurrentScans - scans.availablePermits();
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
        stopped = true;
        KafkaConsumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private HistoryPage scan(KafkaConsumer<String, byte[]> consumer, HistoryQuery query, long deadlineNanos) {
        TopicPartition partition = partitionOf(consumer, query.productId(), deadlineNanos);
        List<TopicPartition> assigned = List.of(partition);
        consumer.assign(assigned);
        // read_committed: the last stable offset. What is committed after this request started is not shown.
        long end = consumer.endOffsets(assigned, lookup(deadlineNanos)).get(partition);
        long beginning =
                consumer.beginningOffsets(assigned, lookup(deadlineNanos)).get(partition);
        long position = Math.max(beginning, query.fromOffset().orElse(beginning));
        HistoryCollector collector = new HistoryCollector(query);
        if (position >= end) {
            return collector.finish(true, position);
        }
        consumer.seek(partition, position);
        long scanned = 0;
        while (position < end) {
            long remaining = deadlineNanos - System.nanoTime();
            if (scanned >= maxScannedRecords || remaining <= 0) {
                return collector.finish(false, position);
            }
            var batch =
                    consumer.poll(min(MAX_POLL, Duration.ofNanos(remaining))).records(partition);
            for (ConsumerRecord<String, byte[]> record : batch) {
                if (record.offset() >= end) {
                    return collector.finish(true, end);
                }
                if (scanned >= maxScannedRecords) {
                    return collector.finish(false, record.offset());
                }
                scanned++;
                if (collector.offer(record.offset(), record.key(), record.value())) {
                    return collector.finish(false, record.offset());
                }
            }
            // Past what the batch held: transaction markers and aborted records take offsets too.
            position = Math.max(position, consumer.position(partition, lookup(deadlineNanos)));
        }
        return collector.finish(true, end);
    }

    private TopicPartition partitionOf(KafkaConsumer<String, byte[]> consumer, String productId, long deadlineNanos) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, lookup(deadlineNanos));
        if (partitions == null || partitions.isEmpty()) {
            throw new KafkaException("the results topic " + topic + " has no partitions (does it exist?)");
        }
        return new TopicPartition(topic, KeyPartitions.partitionOf(productId, partitions.size()));
    }

    private KafkaConsumer<String, byte[]> borrow() {
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        // Each consumer its own client id: Kafka registers its metrics under it.
        return clients.consumer("history-" + created.incrementAndGet(), "earliest");
    }

    /** A consumer that failed may be in any state: it is closed, and the next scan makes a new one. */
    private void giveBack(KafkaConsumer<String, byte[]> consumer, boolean healthy) {
        if (healthy && !stopped) {
            consumer.assign(List.of()); // unassigns: no fetching while idle
            idle.push(consumer);
        } else {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    private static Duration lookup(long deadlineNanos) {
        return max(MIN_LOOKUP, Duration.ofNanos(deadlineNanos - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
