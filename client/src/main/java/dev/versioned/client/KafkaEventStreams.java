package dev.versioned.client;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.client.kafka.StreamEventReader;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.KafkaException;

/**
 * The {@link Streams} straight over Kafka, from {@link KafkaInventory#streams()}: appends go to the requests topic
 * (key = the stream) through the request/reply core of the {@link KafkaInventory}, sharing its reply topic, retry
 * policy, request timeout and send listener; reads come from the events topic ({@link StreamEventReader}: the
 * stream's partition, {@code read_committed}, up to its last stable offset, through an index of the offsets of each
 * stream's events that the reader keeps; see there for what it costs). A read sees every append committed before it
 * began, so {@code minVersion} needs no waiting here.
 *
 * <p>An append is checked before it is sent, as the gateway checks it: one that breaks a rule of the wire contract
 * ({@link StreamAppend#problem}) is refused with {@link Invalid} 400 {@code INVALID_REQUEST}; one with more events
 * than {@link KafkaInventory.Builder#maxAppendEvents} or larger than {@link KafkaInventory.Builder#maxAppendBytes}
 * with {@link Invalid} 413 {@code PAYLOAD_TOO_LARGE}; neither is sent.
 *
 * <p>{@link #subscribe} follows a category of streams through a consumer group ({@link CategorySubscription}).
 */
public final class KafkaEventStreams extends StreamWriter {

    private final KafkaClients clients;
    private final String eventsTopic;
    private final List<CategorySubscription> subscriptions = new CopyOnWriteArrayList<>();

    KafkaEventStreams(
            KafkaClients clients,
            KafkaRequestReply requestReply,
            StreamEventReader reader,
            String eventsTopic,
            RetryPolicy policy,
            SendListener listener,
            Duration timeout,
            int maxEvents,
            int maxBytes) {
        super(new Direct(requestReply, reader, timeout, maxEvents, maxBytes), policy, listener);
        this.clients = clients;
        this.eventsTopic = eventsTopic;
    }

    /**
     * Hands every event of {@code category} ({@code account}, or {@code account-*}) to {@code handler} as a member of
     * the consumer group {@code groupId}, starting where the group left off, or at {@code from} on a partition it has
     * no offset for. At-least-once: offsets are committed after the handler returns ({@link CategorySubscription}).
     * Members under one group id compete for the partitions; each stream's events arrive in position order. Closed
     * with the {@link KafkaInventory}, or by the caller.
     */
    public CategorySubscription subscribe(
            String category, String groupId, Checkpoint from, StreamEventHandler handler) {
        CategorySubscription subscription =
                CategorySubscription.start(clients, eventsTopic, category, groupId, from, handler);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Stops every subscription this instance started. */
    void closeSubscriptions() {
        subscriptions.forEach(CategorySubscription::close);
        subscriptions.clear();
    }

    /** One send through the request/reply core, one read through the events reader. */
    private record Direct(
            KafkaRequestReply requestReply, StreamEventReader reader, Duration timeout, int maxEvents, int maxBytes)
            implements StreamTransport {

        @Override
        public StreamPage read(
                String stream, long from, int limit, Streams.Direction direction, Optional<Long> minVersion) {
            boolean forward = direction == Streams.Direction.FORWARD;
            StreamEventReader.Slice slice;
            try {
                slice = reader.read(stream, from, limit, forward);
            } catch (KafkaException e) {
                throw new Unavailable("events topic not readable: " + e, e);
            }
            List<StreamEvent> events = slice.events();
            Optional<Long> next = Optional.empty();
            if (!events.isEmpty()) {
                long last = events.get(events.size() - 1).position();
                if (forward && last < slice.version().orElseThrow()) {
                    next = Optional.of(last + 1);
                } else if (!forward && last > 0) {
                    next = Optional.of(last - 1);
                }
            }
            return new StreamPage(stream, slice.version(), events, next);
        }

        @Override
        public Optional<Long> version(String stream) {
            try {
                return reader.version(stream);
            } catch (KafkaException e) {
                throw new Unavailable("events topic not readable: " + e, e);
            }
        }

        @Override
        public Outcome send(StreamAppend append) {
            append.problem().ifPresent(problem -> {
                throw new Invalid(400, "INVALID_REQUEST", problem + "; nothing was sent");
            });
            if (append.events().size() > maxEvents) {
                throw new Invalid(
                        413,
                        "PAYLOAD_TOO_LARGE",
                        "the append has " + append.events().size() + " events, the limit is " + maxEvents
                                + "; nothing was sent");
            }
            int bytes = WireSerdes.STREAM_APPEND.toBytes(append).length;
            if (bytes > maxBytes) {
                throw new Invalid(
                        413,
                        "PAYLOAD_TOO_LARGE",
                        "the append is " + bytes + " bytes, the limit is " + maxBytes + "; nothing was sent");
            }
            return requestReply.exchange(append, timeout);
        }
    }
}
