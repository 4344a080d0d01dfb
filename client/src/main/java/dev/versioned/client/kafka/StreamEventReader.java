package dev.versioned.client.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream's events from the events topic without a gateway: for the Kafka-direct client. The processor writes
 * a stream's events to the partition of its name (murmur2, the producer's default), in position order; a read reads
 * that partition {@code read_committed} up to its last stable offset as of the call, so it sees every append
 * committed before it began.
 *
 * <p>Rather than scan the partition for the stream's key at every read, the reader keeps an index of the partitions
 * it has read: for each stream, the offset of each of its events (8 to 16 bytes per event in arrays that double as they grow, and some 100 bytes per stream).
 * A read first indexes what was appended to the partition since the last read (reading only each record's key and
 * its {@code position}), then seeks to the first event it returns and reads forward to the last one, skipping the
 * other streams' records between them. So the first read of a partition reads it whole once; later reads cost what
 * was appended since, plus the records between the events returned.
 *
 * <p>Limits: the index of every partition read stays in memory (a partition of 10 million events takes 80 to 160 MB):
 * fine for a service's own streams, not for scanning millions of streams (use the gateway, or a category subscription
 * for projections). Reads are serialized (one consumer). If the topic's partition count changes, the client must be
 * restarted.
 */
public final class StreamEventReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventReader.class);

    /** The stream's version as read, and the events asked, in the order asked. */
    public record Slice(Optional<Long> version, List<StreamEvent> events) {}

    /** The offsets of one stream's events, by position. */
    private static final class Offsets {
        long[] offsets = new long[4];
        int size;

        void add(long offset) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            offsets[size++] = offset;
        }
    }

    /** What was indexed of one partition: up to {@code next}, exclusive. */
    private static final class Indexed {
        final Map<String, Offsets> streams = new HashMap<>();
        long next;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration timeout;
    private final Map<Integer, Indexed> partitions = new HashMap<>();
    private int partitionCount;

    public StreamEventReader(KafkaClients clients, String topic, Duration timeout) {
        this.consumer = clients.consumer("stream-reader", "earliest");
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The stream's version (its last event's position); empty when it has no events. */
    public synchronized Optional<Long> version(String stream) {
        return version(catchUp(stream), stream);
    }

    /**
     * At most {@code limit} events of {@code stream} from position {@code from}: ascending when {@code forward}, else
     * descending ({@code from} beyond the last position starts at the last one).
     */
    public synchronized Slice read(String stream, long from, int limit, boolean forward) {
        int partition = partitionOf(stream);
        Indexed indexed = catchUp(stream);
        Optional<Long> version = version(indexed, stream);
        if (version.isEmpty()) {
            return new Slice(version, List.of());
        }
        long first;
        long last;
        if (forward) {
            first = from;
            last = Math.min(version.get(), from + limit - 1);
        } else {
            last = Math.min(version.get(), from);
            first = Math.max(0, last - limit + 1);
        }
        if (first > last) {
            return new Slice(version, List.of());
        }
        Offsets offsets = indexed.streams.get(stream);
        List<StreamEvent> events = fetch(partition, stream, offsets, (int) first, (int) last);
        if (!forward) {
            Collections.reverse(events);
        }
        return new Slice(version, events);
    }

    private static Optional<Long> version(Indexed indexed, String stream) {
        Offsets offsets = indexed.streams.get(stream);
        return offsets == null || offsets.size == 0 ? Optional.empty() : Optional.of((long) offsets.size - 1);
    }

    private int partitionOf(String stream) {
        if (partitionCount == 0) {
            partitionCount = KafkaClients.partitionsOf(consumer, topic, timeout).size();
        }
        return KeyPartitions.partitionOf(stream, partitionCount);
    }

    /** Indexes the stream's partition up to its last stable offset as of now. */
    private Indexed catchUp(String stream) {
        int partition = partitionOf(stream);
        Indexed indexed = partitions.computeIfAbsent(partition, p -> new Indexed());
        TopicPartition tp = new TopicPartition(topic, partition);
        // Assigned before its end is asked: the consumer keeps the last stable offset of assigned partitions only.
        consumer.assign(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp); // the last stable offset under read_committed
        if (indexed.next >= end) {
            return indexed;
        }
        consumer.seek(tp, indexed.next);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partition " + tp + " not indexed up to " + end + " within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                index(indexed, record);
            }
        }
        indexed.next = consumer.position(tp, timeout);
        return indexed;
    }

    private static void index(Indexed indexed, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Optional<Long> position = position(record.value());
        Offsets offsets = indexed.streams.computeIfAbsent(record.key(), k -> new Offsets());
        if (position.isEmpty() || position.get() != offsets.size) {
            // Positions come in order without gaps: anything else is not an event of this stream as written.
            LOG.warn(
                    "record at {}-{}@{} of stream {} is not its next event ({} after {} events): skipped",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    position.map(String::valueOf).orElse("no position"),
                    offsets.size);
            return;
        }
        offsets.add(record.offset());
    }

    /** The top-level {@code position} of an event's JSON, read without building the rest of it. */
    static Optional<Long> position(byte[] value) {
        try (JsonParser parser = WireFormat.mapper().getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("position".equals(name)) {
                    return token == JsonToken.VALUE_NUMBER_INT ? Optional.of(parser.getLongValue()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The events at positions {@code first..last}, read from the first one's offset to the last one's. */
    private List<StreamEvent> fetch(int partition, String stream, Offsets offsets, int first, int last) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long from = offsets.offsets[first];
        long to = offsets.offsets[last];
        consumer.seek(tp, from); // assigned by the catch-up before
        List<StreamEvent> events = new ArrayList<>(last - first + 1);
        long deadline = System.nanoTime() + timeout.toNanos();
        int wanted = first;
        while (wanted <= last) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("events of " + stream + " not read within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (wanted > last || record.offset() > to) {
                    break;
                }
                if (record.offset() == offsets.offsets[wanted]) {
                    events.add(WireSerdes.STREAM_EVENT.fromBytes(record.value()).at(partition, record.offset()));
                    wanted++;
                }
            }
        }
        return events;
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
