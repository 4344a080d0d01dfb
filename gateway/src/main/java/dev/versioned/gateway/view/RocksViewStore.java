package dev.versioned.gateway.view;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The state view's inventory records in a {@link RocksTable} of their own: the heap holds none of them.
 *
 * <p>The key is {@code storeId/productId} in UTF-8 ({@link RecordKey#asString()}). The separator is
 * forbidden in ids, so {@code storeId/} is a prefix that holds exactly one store's records, in productId
 * order: listing a store is a range scan. The value is the record's wire form as read from the state topic.
 */
public final class RocksViewStore implements ViewStore {

    private final RocksTable table;

    private RocksViewStore(RocksTable table) {
        this.table = table;
    }

    /** Opens an empty store in {@code directory}, deleting whatever a previous run left there. */
    public static RocksViewStore open(Path directory) {
        return new RocksViewStore(RocksTable.open(directory));
    }

    public Path directory() {
        return table.directory();
    }

    @Override
    public void put(RecordKey key, InventoryRecord record, byte[] bytes) {
        table.put(encode(key), bytes);
    }

    @Override
    public void remove(RecordKey key) {
        table.delete(encode(key));
    }

    @Override
    public void commit() {
        table.commit();
    }

    @Override
    public Optional<InventoryRecord> get(RecordKey key) {
        return table.get(encode(key)).map(WireSerdes.INVENTORY_RECORD::fromBytes);
    }

    @Override
    public List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit) {
        byte[] prefix = (storeId + RecordKey.SEPARATOR).getBytes(StandardCharsets.UTF_8);
        byte[] start =
                afterProductId.map(p -> encode(new RecordKey(storeId, p))).orElse(prefix);
        return table.scan(
                prefix,
                start,
                afterProductId.isPresent(),
                limit,
                bytes -> Optional.of(WireSerdes.INVENTORY_RECORD.fromBytes(bytes))
                        .filter(RocksViewStore::listed));
    }

    @Override
    public long approximateSize() {
        return table.approximateSize();
    }

    /** Closes the database and deletes its directory; idempotent. */
    @Override
    public void close() {
        table.close();
    }

    /** A listing leaves out what a soft delete marked deleted; {@link #get} still returns it. */
    private static boolean listed(InventoryRecord record) {
        return !record.deleted();
    }

    private static byte[] encode(RecordKey key) {
        return key.asString().getBytes(StandardCharsets.UTF_8);
    }
}
