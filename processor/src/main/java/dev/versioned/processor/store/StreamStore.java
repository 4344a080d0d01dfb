package dev.versioned.processor.store;

import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireSerdes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The head of every stream of the partition, by stream name: its version and its last event, all the processor
 * needs to decide an append (the events themselves are on the events topic). A persistent, changelogged RocksDB
 * key-value store with a record cache, so that a stream appended to many times within one commit writes its head
 * to the changelog once.
 *
 * <p>Values are {@code [format=1][version][the last event's JSON, as published]}; the event is decoded only when a
 * refusal names it.
 */
public final class StreamStore {

    public static final String NAME = "stream-store";

    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES;

    private final KeyValueStore<String, byte[]> store;

    public StreamStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /**
     * A stream's head.
     *
     * @param version the position of its last event
     * @param lastEventJson its last event as published on the events topic
     */
    public record Head(long version, byte[] lastEventJson) {

        /** The last event, decoded. */
        public StreamEvent lastEvent() {
            return WireSerdes.STREAM_EVENT.fromBytes(lastEventJson);
        }
    }

    /** The stream's head; empty when the stream has no event. */
    public Optional<Head> load(String stream) {
        byte[] value = store.get(stream);
        if (value == null) {
            return Optional.empty();
        }
        if (value.length <= HEADER || value[0] != FORMAT) {
            throw new IllegalStateException("stream-store value of '" + stream + "' has unknown format " + value[0]);
        }
        return Optional.of(new Head(
                ByteBuffer.wrap(value, 1, Long.BYTES).getLong(), Arrays.copyOfRange(value, HEADER, value.length)));
    }

    /** Stores the stream's new head. */
    public void put(String stream, Head head) {
        store.put(
                stream,
                ByteBuffer.allocate(HEADER + head.lastEventJson().length)
                        .put(FORMAT)
                        .putLong(head.version())
                        .put(head.lastEventJson())
                        .array());
    }
}
