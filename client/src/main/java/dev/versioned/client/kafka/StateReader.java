package dev.versioned.client.kafka;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads committed records from the compacted state topic without a gateway: for the Kafka-direct client.
 *
 * <p>A read finds the partition the processor writes the key to (murmur2 of the productId, as for its
 * requests; records written before the processor did so are on the partition of {@code storeId/productId},
 * which is read too), and reads it {@code read_committed} up to its last stable offset as of the call, so it
 * sees every decision committed before the read began. What was read is kept, so the next
 * read of a partition continues where the last one stopped.
 *
 * <p>Limits: the first read of a partition replays it from its beginning, and everything read stays in
 * memory (some 300 bytes per record): fine for the records a service actually touches, not a replacement
 * for the gateway's state view over millions of records. Reads are serialized (one consumer). If the state
 * topic's partition count changes, the client must be restarted.
 */
public final class StateReader implements AutoCloseable {

    private final CompactedReader<RecordKey, InventoryRecord> reader;

    public StateReader(KafkaClients clients, String topic, Duration timeout) {
        // The processor writes a record to its productId's partition (that of its requests); before it did, to
        // the partition of the whole key, where records not written since still are. Both are read.
        this.reader = new CompactedReader<>(
                clients.consumer("state-reader", "earliest"),
                topic,
                timeout,
                RecordKey::parse,
                WireSerdes.INVENTORY_RECORD::fromBytes,
                StateReader::partitionsOf,
                InventoryRecord::version);
    }

    /** The partitions a record can be on: its productId's, and its whole key's (often the same one). */
    static Set<Integer> partitionsOf(RecordKey key, int partitions) {
        return new TreeSet<>(List.of(
                KeyPartitions.partitionOf(key.productId(), partitions),
                KeyPartitions.partitionOf(key.asString(), partitions)));
    }

    /** The committed record, or empty when never written (or deleted). */
    public Optional<InventoryRecord> read(RecordKey key) {
        return reader.read(key);
    }

    @Override
    public void close() {
        reader.close();
    }
}
