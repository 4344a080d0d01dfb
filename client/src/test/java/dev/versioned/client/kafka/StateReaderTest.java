package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.RecordKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StateReaderTest {

    @Test
    @DisplayName("a record whose productId and whole key fall on one partition is read from that one partition")
    void samePartitionOnce() {
        assertThat(StateReader.partitionsOf(new RecordKey("store-1", "SKU-1"), 1))
                .containsExactly(0);
    }

    @Test
    @DisplayName("a record is looked for on its productId's partition and on its whole key's")
    void bothPartitions() {
        RecordKey key = new RecordKey("store-1", "SKU-1");

        assertThat(StateReader.partitionsOf(key, 24))
                .contains(KeyPartitions.partitionOf("SKU-1", 24), KeyPartitions.partitionOf(key.asString(), 24));
    }
}
