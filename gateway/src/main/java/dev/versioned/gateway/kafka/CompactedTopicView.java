package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.PollLoop;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view of a compacted topic (or of the events topic, which keeps everything), read from its beginning with {@code read_committed}, so a read never shows a
 * decision that was not committed: the consumer thread, the catch-up at start, the lag, and the wait for a
 * version. What a record becomes, and where it is kept, is the subclass's ({@link StateView} for inventory
 * records, {@link DocumentView} for documents): {@link #openStore}, {@link #apply}, {@link #commitStore},
 * {@link #closeStore}.
 *
 * <p>Start-up replays the topic before {@link #start} returns (bounded by a timeout, after which the health check
 * stays unhealthy and reads answer 503 until the view has caught up). Partitions added to the topic later are not
 * picked up until a restart. The view lags the processor by the consumer's poll cycle: a caller that needs to read
 * its own write waits for the version it wrote ({@link #awaitUntil}), bounded. Each polled batch is committed to
 * the store before waiters are woken. {@link #lagRecords} says how far behind the topic's end the view is.
 */
public abstract class CompactedTopicView implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicView.class);

    private final KafkaClients clients;
    private final String topic;
    private final Duration startupTimeout;
    private final String name;
    private final Object progress = new Object();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private Map<TopicPartition, Long> startEnd = Map.of();
    /** Per partition, the last lag the consumer knew; read and written on the view's thread only. */
    private final Map<TopicPartition, Long> lagByPartition = new HashMap<>();

    private volatile long lag;

    /** @param name what the view is called in logs and in its consumer's client id, e.g. {@code state-view} */
    protected CompactedTopicView(KafkaClients clients, String topic, Duration startupTimeout, String name) {
        this.clients = clients;
        this.topic = topic;
        this.startupTimeout = startupTimeout;
        this.name = name;
    }

    /** Opens the (empty) store the view fills, at {@link #start}. */
    protected abstract void openStore();

    /** Stages one record of the topic (a tombstone has a null value); called on the view's thread only. */
    protected abstract void apply(ConsumerRecord<String, byte[]> record);

    /** Makes the staged records visible to readers; called on the view's thread once per polled batch. */
    protected abstract void commitStore();

    /** Closes the store, once its writer has ended. */
    protected abstract void closeStore();

    /** How many records the store holds, estimated (for logs and the health check). */
    public abstract long size();

    @Override
    public void start() throws Exception {
        openStore();
        KafkaConsumer<String, byte[]> c = clients.consumer(name, "earliest");
        List<TopicPartition> partitions = KafkaClients.partitionsOf(c, topic, Duration.ofSeconds(30));
        c.assign(partitions);
        c.seekToBeginning(partitions);
        startEnd = c.endOffsets(partitions, Duration.ofSeconds(30)); // read_committed: the last stable offsets
        // Until the first fetch tells the consumer its lag, the whole topic is still to be read.
        Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions, Duration.ofSeconds(30));
        startEnd.forEach((partition, end) ->
                lagByPartition.put(partition, Math.max(0, end - beginning.getOrDefault(partition, 0L))));
        lag = sum(lagByPartition);
        consumer = c;
        running = true;
        thread = new Thread(this::run, name + "-" + topic);
        thread.setDaemon(true);
        thread.start();
        if (!caughtUp.await(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn(
                    "{} of {} has not caught up within {}; reads answer 503 until it has", name, topic, startupTimeout);
        } else {
            LOG.info("{} of {} caught up: about {} records", name, topic, size());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (t == null || !t.isAlive()) {
            closeStore(); // only once its writer has ended
        }
    }

    /**
     * Why the view does not serve at all, by design rather than by failure (its topic was not provisioned); empty
     * for a view that runs or should.
     */
    public Optional<String> notServing() {
        return Optional.empty();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /**
     * How many offsets of the topic the view has yet to read, over all partitions: 0 when it holds
     * everything committed. Counted in offsets, as Kafka counts lag, so it may overstate the records a little
     * (transaction markers and compacted records take offsets too). As of the view's last poll.
     */
    public long lagRecords() {
        return lag;
    }

    /**
     * What {@code current} reads once {@code reached} accepts it, or as it stands when {@code maxWait} passes
     * first; an absent value has reached the wait when {@code absentReached}. Woken by every committed batch.
     */
    protected <T> Optional<T> awaitUntil(
            Supplier<Optional<T>> current, Predicate<T> reached, boolean absentReached, Duration maxWait)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (progress) {
            while (true) {
                Optional<T> now = current.get();
                long remaining = deadline - System.nanoTime();
                if (now.map(reached::test).orElse(absentReached) || remaining <= 0) {
                    return now;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
        }
    }

    private void run() {
        PollLoop.run(
                consumer,
                () -> running,
                batch -> {
                    for (ConsumerRecord<String, byte[]> record : batch) {
                        apply(record);
                    }
                    commitStore(); // readers see the batch from here on, before anyone is notified
                    if (!isCaughtUp() && reachedStartEnd()) {
                        caughtUp.countDown();
                    }
                    updateLag();
                    if (!batch.isEmpty()) {
                        synchronized (progress) {
                            progress.notifyAll();
                        }
                    }
                },
                LOG,
                name + " of " + topic);
    }

    /** The consumer knows each partition's lag from its fetches (against the last stable offset): no request. */
    private void updateLag() {
        for (TopicPartition partition : startEnd.keySet()) {
            OptionalLong known = consumer.currentLag(partition);
            if (known.isPresent()) {
                lagByPartition.put(partition, known.getAsLong());
            }
        }
        lag = sum(lagByPartition);
    }

    private static long sum(Map<TopicPartition, Long> lags) {
        return lags.values().stream().mapToLong(Long::longValue).sum();
    }

    private boolean reachedStartEnd() {
        for (Map.Entry<TopicPartition, Long> end : startEnd.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
