package dev.versioned.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/** Leaves every store at Kafka Streams' RocksDB defaults: the baseline of the product's store options. */
public final class DefaultRocksDbOptions implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // Kafka Streams' defaults, unchanged.
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing allocated.
    }
}
