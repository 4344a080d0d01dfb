package dev.versioned.bench;

import dev.versioned.gateway.view.ViewStore;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state view's store before it moved to RocksDB, kept as the bench's baseline: every record on the heap in
 * a {@link ConcurrentHashMap} (key, ids, record object, map entry). Listing scans and sorts the whole map: the
 * bench does not list.
 */
final class HeapViewStore implements ViewStore {

    private final Map<RecordKey, InventoryRecord> records = new ConcurrentHashMap<>();

    @Override
    public void put(RecordKey key, InventoryRecord record, byte[] bytes) {
        records.put(key, record);
    }

    @Override
    public void remove(RecordKey key) {
        records.remove(key);
    }

    @Override
    public void commit() {
        // every put is visible at once
    }

    @Override
    public Optional<InventoryRecord> get(RecordKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit) {
        return records.values().stream()
                .filter(r -> r.storeId().equals(storeId))
                .filter(r ->
                        afterProductId.map(a -> r.productId().compareTo(a) > 0).orElse(true))
                .sorted(Comparator.comparing(InventoryRecord::productId))
                .limit(limit)
                .toList();
    }

    @Override
    public long approximateSize() {
        return records.size();
    }

    @Override
    public void close() {
        records.clear();
    }
}
