package dev.versioned.processor.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB options of the processor's stores ({@code rocksdb.config.setter}; Kafka Streams' defaults
 * otherwise). The idempotency store gets a whole-key Bloom filter on its memtable: nearly every lookup
 * there is for a key that was never used, and without the filter each such miss walks the memtable's skip
 * list (about a third of the store's cost in the profile) before the SST files' own Bloom filters answer.
 */
public final class StoreRocksDbConfig implements RocksDBConfigSetter {

    /** Share of the memtable given to its Bloom filter (RocksDB's suggested value). */
    static final double MEMTABLE_BLOOM_RATIO = 0.1;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (storeName.equals(IdempotencyStore.NAME)) {
            options.setMemtableWholeKeyFiltering(true);
            options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing was allocated: both settings are plain values.
    }
}
