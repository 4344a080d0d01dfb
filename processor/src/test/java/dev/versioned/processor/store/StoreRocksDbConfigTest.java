package dev.versioned.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.config.ProcessorSettings;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class StoreRocksDbConfigTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    @DisplayName("the idempotency store gets a whole-key Bloom filter on its memtable")
    void idempotencyStoreGetsMemtableBloom() {
        try (Options options = new Options()) {
            new StoreRocksDbConfig().setConfig(IdempotencyStore.NAME, options, Map.of());

            assertThat(options.memtableWholeKeyFiltering()).isTrue();
            assertThat(options.memtablePrefixBloomSizeRatio()).isEqualTo(StoreRocksDbConfig.MEMTABLE_BLOOM_RATIO);
        }
    }

    @Test
    @DisplayName("the inventory store keeps RocksDB's defaults: its lookups mostly find their key")
    void inventoryStoreKeepsDefaults() {
        try (Options options = new Options(); Options defaults = new Options()) {
            new StoreRocksDbConfig().setConfig(InventoryStore.NAME, options, Map.of());

            assertThat(options.memtableWholeKeyFiltering()).isEqualTo(defaults.memtableWholeKeyFiltering());
            assertThat(options.memtablePrefixBloomSizeRatio()).isEqualTo(defaults.memtablePrefixBloomSizeRatio());
        }
    }

    @Test
    @DisplayName("the processor uses it unless kafka.rocksdb.config.setter names another")
    void usedByDefaultAndOverridable() {
        ProcessorSettings settings = ProcessorSettings.defaults("unused:9092");

        assertThat(settings.streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(StoreRocksDbConfig.class.getName());
        assertThat(settings.withKafka(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Mine")
                .streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.Mine");
    }
}
