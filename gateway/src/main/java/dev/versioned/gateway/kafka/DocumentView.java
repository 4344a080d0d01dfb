package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.view.RocksTable;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest state of every document of the collections the gateway serves, read from the compacted documents
 * state topic ({@code documents.state}, key {@code collection/id}) as {@link StateView} reads the inventory's:
 * from its beginning, {@code read_committed}, into a disk-backed {@link RocksTable} rebuilt at every start and
 * deleted at stop ({@link CompactedTopicView}). A deleted document stays, {@code deleted: true}, as the
 * processor keeps it. Documents of other collections are skipped, so the disk holds only what the gateway
 * serves.
 */
public final class DocumentView extends CompactedTopicView implements DocumentReader {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentView.class);

    private final Supplier<Path> directory;
    private final Set<String> collections;
    private volatile RocksTable documents;

    /**
     * @param collections the collections whose documents the view keeps
     * @param directory the (emptied) directory of the view's database, chosen at {@link #start}
     */
    public DocumentView(
            KafkaClients clients,
            String topic,
            Duration startupTimeout,
            Set<String> collections,
            Supplier<Path> directory) {
        super(clients, topic, startupTimeout, "document-view");
        this.collections = Set.copyOf(collections);
        this.directory = directory;
    }

    @Override
    protected void openStore() {
        documents = RocksTable.open(directory.get());
    }

    @Override
    protected void commitStore() {
        documents.commit();
    }

    @Override
    protected void closeStore() {
        RocksTable table = documents;
        if (table != null) {
            table.close();
        }
    }

    @Override
    public long size() {
        return documents.approximateSize();
    }

    @Override
    public Optional<DocumentRecord> get(DocumentKey key) {
        return documents.get(encode(key)).map(WireSerdes.DOCUMENT_RECORD::fromBytes);
    }

    @Override
    public Optional<DocumentRecord> awaitVersion(DocumentKey key, long minVersion, Duration maxWait)
            throws InterruptedException {
        return awaitUntil(() -> get(key), d -> d.version() >= minVersion, minVersion <= 0, maxWait);
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
        int slash = record.key() == null ? -1 : record.key().indexOf('/');
        if (slash <= 0 || !collections.contains(record.key().substring(0, slash))) {
            return; // a collection this gateway does not serve (or a key that is none)
        }
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        if (record.value() == null) {
            documents.delete(key);
            return;
        }
        try {
            DocumentRecord document = WireSerdes.DOCUMENT_RECORD.fromBytes(record.value());
            if (!document.key().asString().equals(record.key())) {
                throw new IllegalArgumentException("the record's key is not its document's");
            }
            documents.put(key, record.value());
        } catch (RuntimeException e) {
            LOG.warn(
                    "unreadable document state at {}-{}@{}: skipped ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    private static byte[] encode(DocumentKey key) {
        return key.asString().getBytes(StandardCharsets.UTF_8);
    }
}
