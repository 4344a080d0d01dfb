package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.WireSerdes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads committed documents from the documents state topic without a gateway: for the Kafka-direct client.
 * The processor writes a document's state to the partition of its key {@code collection/id} (murmur2, the
 * producer's default), which a read replays up to its last stable offset; see {@link CompactedReader} for what
 * is kept and its limits.
 */
public final class DocumentStateReader implements AutoCloseable {

    private final CompactedReader<DocumentKey, DocumentRecord> reader;

    public DocumentStateReader(KafkaClients clients, String topic, Duration timeout) {
        this.reader = new CompactedReader<>(
                clients.consumer("document-state-reader", "earliest"),
                topic,
                timeout,
                DocumentStateReader::key,
                WireSerdes.DOCUMENT_RECORD::fromBytes,
                (key, partitions) -> Set.of(KeyPartitions.partitionOf(key.asString(), partitions)),
                DocumentRecord::version);
    }

    /** The committed document, live or deleted; empty when never written. */
    public Optional<DocumentRecord> read(DocumentKey key) {
        return reader.read(key);
    }

    private static DocumentKey key(String asString) {
        int slash = asString.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a document key: " + asString);
        }
        return new DocumentKey(asString.substring(0, slash), asString.substring(slash + 1));
    }

    @Override
    public void close() {
        reader.close();
    }
}
