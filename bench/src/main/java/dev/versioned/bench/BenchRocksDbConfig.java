package dev.versioned.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * A RocksDB configuration tried by the bench ({@code rocksdb.config.setter}): under exactly-once every
 * commit flushes the memtables, so level 0 fills with small files that every iterator seek (the
 * idempotency window store's lookup is a range scan) must visit; compact level 0 early (2 files), and
 * no compression (CPU is the scarce resource on 2 cores, disk is not). A tuning variant of the bench.
 */
public final class BenchRocksDbConfig implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setLevel0FileNumCompactionTrigger(2);
        options.setCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing allocated here
    }
}
