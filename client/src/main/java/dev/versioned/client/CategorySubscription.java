package dev.versioned.client;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event of one category of streams ({@code account-*}: the streams whose name begins {@code account-}), handed
 * to a {@link StreamEventHandler} as it is appended: one member of a Kafka consumer group on the events topic, read
 * {@code read_committed}, on a thread of its own. Started by {@link KafkaEventStreams#subscribe}.
 *
 * <p><b>Order.</b> A stream's events lie on one partition in position order, and a partition is read by one member
 * of the group at a time, in offset order: each stream's events reach the handler in position order, whichever member
 * handles them. Members under the same group id compete: the group shares the topic's partitions among them, and
 * takes a member's partitions over when it leaves or fails. Events of different streams have no order among them.
 *
 * <p><b>At-least-once.</b> The offsets of a poll's events are committed after the handler has returned for each of
 * them, never before: an event is never skipped, but when a member stops between handling and committing (a crash, a
 * rebalance after a lost session) the member that takes the partition over hands the uncommitted events over again.
 * Handlers must be idempotent (remember the last position handled per stream, or the event's {@link
 * StreamEvent#globalPosition()}, with the effect, in one transaction where it is kept).
 *
 * <p><b>Where it starts.</b> A partition the group has committed an offset for continues from there; one without
 * starts at the {@link Checkpoint}. Events of other categories are read and skipped (their offsets committed too).
 *
 * <p><b>Failure.</b> What the handler throws stops the subscription at that event: what was handled before it is
 * committed, the event and the rest are not; {@link #failure()} tells why, and the group's other members (or this
 * one restarted) begin with that event. An event that cannot be read is logged and skipped.
 *
 * <p>Cost: every member reads every record of its partitions, other categories' too; a category that is a small part
 * of a large topic pays for the whole topic.
 */
public final class CategorySubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CategorySubscription.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String category;
    private final Checkpoint from;
    private final StreamEventHandler handler;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile Set<Integer> assignment = Set.of();

    private CategorySubscription(
            KafkaClients clients,
            String topic,
            String category,
            String groupId,
            Checkpoint from,
            StreamEventHandler handler) {
        this.topic = topic;
        this.category = category;
        this.from = from;
        this.handler = handler;
        this.consumer = clients.groupConsumer(
                "subscription-" + category, groupId, from instanceof Checkpoint.End ? "latest" : "earliest");
        this.thread = new Thread(this::run, "subscription-" + category + "-" + groupId);
        this.thread.setDaemon(true);
    }

    /**
     * Subscribes to {@code category} ({@code account} or {@code account-*}) of the events topic {@code topic} as a
     * member of {@code groupId}, and starts handing events to {@code handler} on a thread of its own.
     */
    static CategorySubscription start(
            KafkaClients clients,
            String topic,
            String category,
            String groupId,
            Checkpoint from,
            StreamEventHandler handler) {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(handler, "handler");
        CategorySubscription subscription =
                new CategorySubscription(clients, topic, category(category), groupId, from, handler);
        subscription.consumer.subscribe(List.of(topic), subscription.new Rebalance());
        subscription.thread.start();
        return subscription;
    }

    /** The category of a pattern {@code account-*} or a category {@code account}. */
    static String category(String pattern) {
        Objects.requireNonNull(pattern, "category");
        String category = pattern.endsWith("-*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        if (!UpdateRequestValidator.isId(category) || category.indexOf('-') >= 0) {
            throw new IllegalArgumentException(
                    "a category is what precedes a stream name's first '-' (account, or account-*): " + pattern);
        }
        return category;
    }

    /** The category handed on. */
    public String category() {
        return category;
    }

    /** How many events the handler has returned from. */
    public long handled() {
        return handled.get();
    }

    /** The partitions of the events topic this member reads now. */
    public Set<Integer> assignment() {
        return assignment;
    }

    /** True until {@link #close()} or a failure stops it. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** What stopped the subscription: the handler's exception, or a Kafka error it could not go on after. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops: the handler is not called again; what was handled is committed; the group takes the partitions over. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (!handle(consumer.poll(Duration.ofMillis(200)))) {
                        return;
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    if (!running) {
                        break;
                    }
                    LOG.warn("subscription to {} of {}: poll or commit failed; retrying", category, topic, e);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("subscription to {} of {} stopped", category, topic, e);
        } finally {
            running = false;
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            LOG.info("subscription to {} of {} closed after {} events", category, topic, handled.get());
        }
    }

    /**
     * Hands a poll's events of the category on, in order, and commits what was handled. False when the handler
     * threw: the subscription stops at that event.
     */
    private boolean handle(Iterable<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!running) {
                    return true; // closing: what was handled is committed below
                }
                if (record.key() != null
                        && record.value() != null
                        && StreamAppend.isStream(record.key())
                        && StreamAppend.categoryOf(record.key()).equals(category)) {
                    Optional<StreamEvent> event = read(record);
                    if (event.isPresent()) {
                        try {
                            handler.handle(event.get());
                        } catch (Exception e) {
                            failure = e;
                            LOG.error(
                                    "the handler of {} failed at {}: the subscription stops there",
                                    category,
                                    event.get().globalPosition().orElse(""),
                                    e);
                            return false;
                        }
                        handled.incrementAndGet();
                    }
                }
                done.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            return true;
        } finally {
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }
    }

    private static Optional<StreamEvent> read(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(
                    WireSerdes.STREAM_EVENT.fromBytes(record.value()).at(record.partition(), record.offset()));
        } catch (RuntimeException e) {
            LOG.warn("unreadable event at {}-{}@{}: skipped", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
    }

    /** Starts the partitions the group has no offset for at the checkpoint, and keeps the assignment readable. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                for (TopicPartition partition : partitions) {
                    if (committed.get(partition) == null) {
                        start(partition);
                    }
                }
            }
            assignment = numbers(consumer.assignment());
            LOG.info("subscription to {} of {} reads partitions {}", category, topic, assignment);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Each poll's handled events are committed before the next poll: nothing is left to commit here.
            assignment = numbers(consumer.assignment());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assignment = Set.of();
        }

        private void start(TopicPartition partition) {
            if (from instanceof Checkpoint.Offsets offsets && offsets.offsets().containsKey(partition.partition())) {
                consumer.seek(partition, offsets.offsets().get(partition.partition()));
            } else if (from instanceof Checkpoint.End) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }

        private Set<Integer> numbers(Set<TopicPartition> partitions) {
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(p -> numbers.add(p.partition()));
            return Set.copyOf(numbers);
        }
    }
}
