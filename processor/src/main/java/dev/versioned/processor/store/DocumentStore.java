package dev.versioned.processor.store;

import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.WireSerdes;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The current state of every document of the partition, by {@code collection/id}: a persistent, changelogged
 * RocksDB key-value store, the value the {@link DocumentRecord} JSON that is also published to the state topic.
 */
public final class DocumentStore {

    public static final String NAME = "document-store";

    private final KeyValueStore<String, byte[]> store;

    public DocumentStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The builder of the underlying store, registered once by the topology. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray());
    }

    /** The document, live or deleted; empty when it was never written. */
    public Optional<DocumentRecord> load(DocumentKey key) {
        byte[] value = store.get(key.asString());
        return value == null ? Optional.empty() : Optional.of(WireSerdes.DOCUMENT_RECORD.fromBytes(value));
    }

    /** Stores the document's new state; returns its JSON, to be published as is. */
    public byte[] put(DocumentRecord record) {
        byte[] json = WireSerdes.DOCUMENT_RECORD.toBytes(record);
        store.put(record.key().asString(), json);
        return json;
    }
}
