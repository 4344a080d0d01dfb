package dev.versioned.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * A RocksDB configuration tried by the bench ({@code rocksdb.config.setter}): larger memtables and fewer
 * level-0 compactions for a write-heavy store of small values, and no compression (CPU is the scarce
 * resource on 2 cores, disk is not). Measured as a tuning variant; see the README for what it gave.
 */
public final class BenchRocksDbConfig implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setWriteBufferSize(32L * 1024 * 1024);
        options.setMaxWriteBufferNumber(3);
        options.setLevel0FileNumCompactionTrigger(8);
        options.setCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing allocated here
    }
}
