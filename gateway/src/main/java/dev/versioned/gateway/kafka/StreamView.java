package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.view.RocksTable;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event of every stream, read from the events topic ({@code streams.events}, key = the stream) from its
 * beginning with {@code read_committed}, as {@link CompactedTopicView} reads a state topic, into a disk-backed
 * {@link RocksTable} rebuilt at every start and deleted at stop: the heap holds none of the events.
 *
 * <p>Two kinds of keys: {@code 'e' stream 0x00 position} (the position as 8 big-endian bytes, so that a stream's
 * events lie in position order, and the {@code 0x00}, which no stream name holds, ends the name) holds the event as
 * JSON with its {@code globalPosition} ({@code <partition>@<offset>} of its record); {@code 'h' stream} holds the
 * stream's head, the position of its last event (its version), as 8 big-endian bytes. A stream's events are on one
 * partition in position order, so the last one read is the head. Both are written in the batch they were polled
 * in, so a reader never sees a head without its event.
 */
public final class StreamView extends CompactedTopicView implements StreamReader {

    private static final Logger LOG = LoggerFactory.getLogger(StreamView.class);
    private static final byte EVENT = 'e';
    private static final byte HEAD = 'h';

    private final KafkaClients clients;
    private final String topic;
    private final Supplier<Path> directory;
    private volatile RocksTable events;
    private volatile boolean topicMissing;

    /** @param directory the (emptied) directory of the view's database, chosen at {@link #start} */
    public StreamView(KafkaClients clients, String topic, Duration startupTimeout, Supplier<Path> directory) {
        super(clients, topic, startupTimeout, "stream-view");
        this.clients = clients;
        this.topic = topic;
        this.directory = directory;
    }

    /**
     * Starts reading the events topic, unless it does not exist (or the gateway may not see it): then the view stays
     * stopped, reads answer 503 and the health check says why, until a restart finds the topic. A deployment that
     * has not provisioned streams keeps the rest of its API.
     */
    @Override
    public void start() throws Exception {
        boolean exists;
        try (Admin admin = clients.admin()) {
            exists = admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
        }
        if (!exists) {
            topicMissing = true;
            LOG.warn("the events topic {} does not exist: stream reads answer 503 until a restart finds it", topic);
            return;
        }
        super.start();
    }

    @Override
    public Optional<String> notServing() {
        return topicMissing
                ? Optional.of("the events topic " + topic + " does not exist; stream reads answer 503")
                : Optional.empty();
    }

    @Override
    protected void openStore() {
        events = RocksTable.open(directory.get());
    }

    @Override
    protected void commitStore() {
        events.commit();
    }

    @Override
    protected void closeStore() {
        RocksTable table = events;
        if (table != null) {
            table.close();
        }
    }

    @Override
    public long size() {
        RocksTable table = events;
        return table == null ? 0 : table.approximateSize();
    }

    @Override
    public Optional<Long> version(String stream) {
        return events.get(head(stream)).map(bytes -> ByteBuffer.wrap(bytes).getLong());
    }

    @Override
    public Optional<Long> awaitVersion(String stream, long minVersion, Duration maxWait) throws InterruptedException {
        return awaitUntil(() -> version(stream), version -> version >= minVersion, false, maxWait);
    }

    @Override
    public List<byte[]> events(String stream, long first, long last, boolean backward, int limit, long maxBytes) {
        if (first < 0 || last < first) {
            return List.of();
        }
        return events.range(event(stream, first), event(stream, last + 1), backward, limit, maxBytes);
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.key() == null || !StreamAppend.isStream(record.key())) {
            return; // the events topic holds no tombstones, nor keys that are not streams
        }
        try {
            StreamEvent event = WireSerdes.STREAM_EVENT.fromBytes(record.value());
            if (!record.key().equals(event.stream()) || event.position() < 0) {
                throw new IllegalArgumentException("the record's key is not its event's stream");
            }
            events.put(
                    event(event.stream(), event.position()),
                    WireSerdes.STREAM_EVENT.toBytes(event.at(record.partition(), record.offset())));
            events.put(
                    head(event.stream()),
                    ByteBuffer.allocate(Long.BYTES).putLong(event.position()).array());
        } catch (RuntimeException e) {
            LOG.warn(
                    "unreadable event at {}-{}@{}: skipped ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    private static byte[] event(String stream, long position) {
        byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + name.length + Long.BYTES)
                .put(EVENT)
                .put(name)
                .put((byte) 0)
                .putLong(position)
                .array();
    }

    private static byte[] head(String stream) {
        byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + name.length).put(HEAD).put(name).array();
    }
}
